using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// DenseNet's blocks (Huang et al. 2017, DenseNet-BC), expanded into ordinary layers as torchvision builds them.
    /// A dense block's concatenations cost no copy: the layout is [C][H][W], so the block holds ONE region of input maps +
    /// layers x growth maps, the input at its start (the input's own region grown in place when it is the last one placed,
    /// else copied in once), and dense layer L's conv2 writes its maps right after the earlier ones. Layer L reads the
    /// region's first maps through a parameterless Concat layer (NAME.denselayerL.cat), which is also where the region's
    /// gradient accumulates: the next concatenation and the block's reader own dE/dregion (in place), and each norm1 writes
    /// its share to one private slot per block that its Concat adds before the earlier layers' backward reads it.
    /// </summary>
    internal static class DenseBlocks
    {
        /// <summary>Layers of one dense layer: its concatenation, norm1, conv1, norm2, conv2.</summary>
        private const int LayersPerDenseLayer = 5;

        public static Value? DenseBlock(GraphBuilder g, DenseBlockSpec spec, string name, Value x)
        {
            var d = g.Diagnostics;
            var at = spec.Location;
            if (!Checks.CheckRange(name, "layers", spec.Layers, 1, Limits.MaxLayers, at, d)
                | !Checks.CheckRange(name, "growthRate", spec.GrowthRate, 1, Limits.MaxBufferFloats, at, d)
                | !Checks.CheckRange(name, "BottleneckWidth", spec.BottleneckWidth, 1, Limits.MaxBufferFloats, at, d))
                return null;
            long bottleneck = (long)spec.BottleneckWidth * spec.GrowthRate, hw = (long)x.H * x.W;
            long maps = x.C + (long)spec.Layers * spec.GrowthRate;
            if (maps * hw > Limits.MaxBufferFloats)
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DenseBlockTooWide, at, name, x.C, spec.Layers, spec.GrowthRate, maps, x.H, x.W, maps * hw, Limits.MaxBufferFloats));
                return null;
            }
            if (!Checks.CheckRange(name, "the bottleneck's maps (BottleneckWidth x growthRate)", bottleneck, 1, Limits.MaxBufferFloats, at, d)
                || !g.RoomFor((long)LayersPerDenseLayer * spec.Layers + 1, name, at)) return null;
            int area = (int)hw, k = spec.GrowthRate, length = (int)(maps * hw);
            // Grow the input's region when nothing was placed after it; otherwise the first concatenation copies it in.
            int region;
            if (g.Plan.Activations == (long)x.Offset + x.Length)
            {
                region = x.Offset;
                g.Plan.Activation(length - x.Length);
            }
            else region = g.Plan.Activation(length);
            // dE/d(layer L's input) of norm1, added by layer L's Concat; one slot serves every layer, one at a time.
            int slot = g.PrivateGradient((int)((maps - k) * hw));
            var relu = ActivationKind.ReLU;
            var none = ActivationKind.Identity;
            Value cat = x;
            Value? grown = null;
            for (int layer = 1; layer <= spec.Layers; layer++)
            {
                string p = $"{name}.denselayer{layer}";
                var joined = g.Add(new ConcatSpec { Kind = LayerKind.Concat, Location = at, Second = grown, ReaderSlots = new[] { slot }.ToEquatableArray() },
                    p + ".cat", cat, outOffset: region);
                if (joined is null) return null;
                cat = joined.Value;
                var v = g.Add(BlockExpander.BatchNorm(spec, relu), p + ".norm1", cat, inGradientOffset: slot);
                if (v is not null) v = g.Add(BlockExpander.Conv(spec, (int)bottleneck, 1, none, bias: false), p + ".conv1", v.Value);
                if (v is not null) v = g.Add(BlockExpander.BatchNorm(spec, relu), p + ".norm2", v.Value);
                if (v is not null) v = g.Add(BlockExpander.Conv(spec, k, 3, none, pad: 1, bias: false), p + ".conv2", v.Value, outOffset: region + cat.C * area);
                if (v is null) return null;
                grown = v;
            }
            return g.Add(new ConcatSpec { Kind = LayerKind.Concat, Location = at, Second = grown }, name + ".cat", cat, outOffset: region);
        }

        /// <summary>Batch norm and ReLU, a 1x1 convolution (no bias), a 2x2 stride-2 average pool (floor rounding).</summary>
        public static Value? Transition(GraphBuilder g, TransitionSpec spec, string name, Value x)
        {
            var d = g.Diagnostics;
            var at = spec.Location;
            bool ok = Checks.CheckRange(name, "maps", spec.Maps, 1, Limits.MaxBufferFloats, at, d);
            if (spec.Maps > x.C)
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TransitionExpands, at, name, x.C, spec.Maps));
                ok = false;
            }
            if (x.H < 2 || x.W < 2)
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TransitionInputTooSmall, at, name, x.H, x.W));
                ok = false;
            }
            if (!ok || !g.RoomFor(3, name, at)) return null;
            var v = g.Add(BlockExpander.BatchNorm(spec, ActivationKind.ReLU), name + ".norm", x);
            if (v is not null) v = g.Add(BlockExpander.Conv(spec, spec.Maps, 1, ActivationKind.Identity, bias: false), name + ".conv", v.Value);
            var pool = new PoolSpec { Kind = LayerKind.AvgPool, Location = at, Window = 2, Stride = 2, DropRemainder = true };
            return v is null ? null : g.Add(pool, name + ".pool", v.Value);
        }
    }
}
