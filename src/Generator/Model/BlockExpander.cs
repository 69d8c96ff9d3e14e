using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// Expands block attributes into layers: a ResNet stage into residual blocks, an inception module into its four
    /// branches. Every sub-layer is an ordinary layer (same rules, same emitters); only the wiring differs: a value read
    /// by several layers has one gradient slot per extra reader, added up after the first reader's backward.
    /// </summary>
    internal static class BlockExpander
    {
        /// <summary>A block's convolution: PyTorch's floor rounding of strided shapes (DropRemainder).</summary>
        internal static LayerSpec Conv(LayerSpec at, int maps, int kernel, ActivationKind activation, int stride = 1, int pad = 0, bool bias = true, int groups = 1) =>
            new ConvSpec
            {
                Kind = LayerKind.Conv, Location = at.Location, Maps = maps, Kernel = kernel, Activation = (int)activation,
                Stride = stride, Pad = pad, NoBias = !bias, DropRemainder = true, Groups = groups,
            };

        internal static LayerSpec BatchNorm(LayerSpec at, ActivationKind activation, double epsilon = 1e-5, double momentum = 0.1) =>
            new BatchNormSpec { Kind = LayerKind.BatchNorm, Location = at.Location, Activation = (int)activation, Epsilon = epsilon, Momentum = momentum };

        /// <summary>A ResNet stage: Repeat blocks; the first may stride and project the shortcut.</summary>
        public static Value? Residual(GraphBuilder g, ResidualSpec spec, string name, Value x)
        {
            // The bottleneck's 4 * maps must stay an int; the convolutions check the rest.
            if (!Checks.CheckRange(name, "maps", spec.Maps, 1, Limits.MaxBufferFloats / 4, spec.Location, g.Diagnostics)
                | !Checks.CheckExtent(name, "Stride", spec.Stride, 1, spec.Location, g.Diagnostics)
                | !Checks.CheckAtLeast(name, "Repeat", spec.Repeat, 1, spec.Location, g.Diagnostics))
                return null;
            int maps = spec.Maps, outMaps = spec.Bottleneck ? 4 * maps : maps;
            // Refuse before expanding anything: each block is its main path and an add, the first maybe a projection.
            long perBlock = (spec.Bottleneck ? 6 : 4) + 1;
            bool projects = spec.Stride != 1 || x.C != outMaps;
            if (!g.RoomFor(spec.Repeat * perBlock + (projects ? 2 : 0), name, spec.Location)) return null;
            for (int b = 0; b < spec.Repeat; b++)
            {
                string p = $"{name}.{b}";
                int stride = b == 0 ? spec.Stride : 1;
                bool project = stride != 1 || x.C != outMaps;
                int first = g.Count;
                int shortcutSlot = g.PrivateGradient(x.Length);
                var relu = ActivationKind.ReLU;
                var none = ActivationKind.Identity;
                // The paper's bottleneck carries the stride on its first 1x1 convolution.
                var main = spec.Bottleneck
                    ? new[]
                    {
                        (Conv(spec, maps, 1, none, stride, bias: false), ".conv1"), (BatchNorm(spec, relu), ".bn1"),
                        (Conv(spec, maps, 3, none, pad: 1, bias: false), ".conv2"), (BatchNorm(spec, relu), ".bn2"),
                        (Conv(spec, outMaps, 1, none, bias: false), ".conv3"), (BatchNorm(spec, none), ".bn3"),
                    }
                    : new[]
                    {
                        (Conv(spec, maps, 3, none, stride, pad: 1, bias: false), ".conv1"), (BatchNorm(spec, relu), ".bn1"),
                        (Conv(spec, maps, 3, none, pad: 1, bias: false), ".conv2"), (BatchNorm(spec, none), ".bn2"),
                    };
                Value v = x;
                Value? joined;
                foreach (var (layer, suffix) in main)
                {
                    var next = g.Add(layer, p + suffix, v);
                    if (next is null) return null;
                    v = next.Value;
                }
                if (project)
                {
                    var projected = g.Add(Conv(spec, outMaps, 1, none, stride, bias: false), p + ".downsample.0", x, inGradientOffset: shortcutSlot);
                    if (projected is null) return null;
                    var shortcut = g.Add(BatchNorm(spec, none), p + ".downsample.1", projected.Value);
                    if (shortcut is null) return null;
                    joined = g.Join(p + ".add", v, shortcut.Value, relu, shortcut.Value.Offset, spec.Location);
                }
                else
                {
                    joined = g.Join(p + ".add", v, x, relu, shortcutSlot, spec.Location);
                }
                if (joined is null) return null;
                x = joined.Value;
                g.MergeAfter(first, new[] { shortcutSlot });
            }
            return x;
        }

        /// <summary>GoogLeNet's inception module: four branches on x, concatenated by writing into slices of one region.</summary>
        public static Value? Inception(GraphBuilder g, InceptionSpec spec, string name, Value x)
        {
            var n = spec.Columns;
            string[] columns = { "#1x1", "#3x3 reduce", "#3x3", "#5x5 reduce", "#5x5", "pool proj" };
            bool ok = true;
            for (int i = 0; i < 6; i++) ok &= Checks.CheckAtLeast(name, columns[i], n.Count > i ? n[i] : 0, 1, spec.Location, g.Diagnostics);
            if (!ok || !g.RoomFor(7, name, spec.Location)) return null;
            // The concatenation's length in long: four columns of up to int.MaxValue maps each.
            long concatenated = ((long)n[0] + n[2] + n[4] + n[5]) * x.H * x.W;
            if (!Checks.Fits(name, "the concatenation", concatenated, spec.Location, g.Diagnostics)) return null;
            int hw = x.H * x.W, outC = n[0] + n[2] + n[4] + n[5];
            int region = g.Plan.Activation(outC * hw);
            int[] slots = { g.PrivateGradient(x.Length), g.PrivateGradient(x.Length), g.PrivateGradient(x.Length) };
            int first = g.Count;
            var relu = ActivationKind.ReLU;
            if (g.Add(Conv(spec, n[0], 1, relu), name + ".branch1", x, outOffset: region, sliceOf: name) is null) return null;
            var r = g.Add(Conv(spec, n[1], 1, relu), name + ".branch2.reduce", x, inGradientOffset: slots[0]);
            if (r is null || g.Add(Conv(spec, n[2], 3, relu, pad: 1), name + ".branch2.conv", r.Value, outOffset: region + n[0] * hw, outChannelOffset: n[0], sliceOf: name) is null) return null;
            r = g.Add(Conv(spec, n[3], 1, relu), name + ".branch3.reduce", x, inGradientOffset: slots[1]);
            if (r is null || g.Add(Conv(spec, n[4], 5, relu, pad: 2), name + ".branch3.conv", r.Value, outOffset: region + (n[0] + n[2]) * hw, outChannelOffset: n[0] + n[2], sliceOf: name) is null) return null;
            var pool = new PoolSpec { Kind = LayerKind.MaxPool, Location = spec.Location, Window = 3, Stride = 1, Pad = 1 };
            r = g.Add(pool, name + ".branch4.pool", x, inGradientOffset: slots[2]);
            if (r is null || g.Add(Conv(spec, n[5], 1, relu), name + ".branch4.proj", r.Value, outOffset: region + (n[0] + n[2] + n[4]) * hw, outChannelOffset: n[0] + n[2] + n[4], sliceOf: name) is null) return null;
            g.MergeAfter(first, slots);
            return new Value(region, outC, x.H, x.W, name);
        }

        /// <summary>
        /// SqueezeNet's fire module: squeeze (1x1, ReLU), then expand1x1 (1x1, ReLU) and expand3x3 (3x3 pad 1, ReLU) both
        /// reading the squeezed maps and writing slices of one region, the concatenation.
        /// </summary>
        public static Value? Fire(GraphBuilder g, FireSpec spec, string name, Value x)
        {
            bool ok = Checks.CheckAtLeast(name, "squeeze", spec.Squeeze, 1, spec.Location, g.Diagnostics)
                & Checks.CheckAtLeast(name, "expand1x1", spec.Expand1x1, 1, spec.Location, g.Diagnostics)
                & Checks.CheckAtLeast(name, "expand3x3", spec.Expand3x3, 1, spec.Location, g.Diagnostics);
            if (!ok || !g.RoomFor(3, name, spec.Location)) return null;
            // The concatenation's length in long: two columns of up to int.MaxValue maps each.
            if (!Checks.Fits(name, "the concatenation", ((long)spec.Expand1x1 + spec.Expand3x3) * x.H * x.W, spec.Location, g.Diagnostics)) return null;
            var relu = ActivationKind.ReLU;
            var squeezed = g.Add(Conv(spec, spec.Squeeze, 1, relu), name + ".squeeze", x);
            if (squeezed is null) return null;
            var s = squeezed.Value;
            int hw = s.H * s.W, outC = spec.Expand1x1 + spec.Expand3x3;
            int region = g.Plan.Activation(outC * hw);
            // expand3x3 is the squeezed maps' second reader: its share of their gradient is added after expand1x1's.
            int slot = g.PrivateGradient(s.Length);
            int first = g.Count;
            if (g.Add(Conv(spec, spec.Expand1x1, 1, relu), name + ".expand1x1", s, outOffset: region, sliceOf: name) is null
                || g.Add(Conv(spec, spec.Expand3x3, 3, relu, pad: 1), name + ".expand3x3", s, inGradientOffset: slot,
                    outOffset: region + spec.Expand1x1 * hw, outChannelOffset: spec.Expand1x1, sliceOf: name) is null)
                return null;
            g.MergeAfter(first, new[] { slot });
            return new Value(region, outC, s.H, s.W, name);
        }
    }
}
