using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// ShuffleNetV2's unit (torchvision's shufflenetv2.InvertedResidual), expanded into ordinary layers. The two halves
    /// of the output are written into adjacent map ranges of one region, the concatenation (as [Fire] and [Inception]
    /// do), which the channel shuffle then reads. Stride 1 splits its input with two <see cref="LayerKind.ChannelSlice"/>
    /// copies: the first half goes straight into the concatenation, the second feeds branch2. A map range of a value is a
    /// contiguous part of it ([C][H][W]), so the copy is one block move; its backward writes the whole input gradient
    /// (zeros outside its range), the second slice into a private slot merged after the first's backward.
    /// </summary>
    internal static class ShuffleBlocks
    {
        public static Value? Unit(GraphBuilder g, ShuffleUnitSpec spec, string name, Value x)
        {
            if (!Check(g, spec, name, x)) return null;
            int maps = spec.Maps, half = maps / 2, stride = spec.Stride;
            if (!g.RoomFor(stride == 1 ? 9 : 11, name, spec.Location)) return null;
            // The 3x3, pad 1 depthwise convolution's floor rounding: the size the branches' last layers will have.
            int oh = stride == 1 ? x.H : (x.H - 1) / 2 + 1, ow = stride == 1 ? x.W : (x.W - 1) / 2 + 1;
            if (!Checks.Fits(name, "the concatenation", (long)maps * oh * ow, spec.Location, g.Diagnostics)) return null;
            int area = oh * ow;
            int region = g.Plan.Activation(maps * area);
            int slot = g.PrivateGradient(x.Length);
            var none = ActivationKind.Identity;
            var relu = ActivationKind.ReLU;
            int first = g.Count;
            Value branch2Input;
            if (stride == 1)
            {
                var slice = new ChannelSliceSpec { Kind = LayerKind.ChannelSlice, Location = spec.Location, Start = 0, Count = half };
                if (g.Add(slice, name + ".split1", x, outOffset: region, sliceOf: name) is null) return null;
                var second = g.Add(slice with { Start = half }, name + ".split2", x, inGradientOffset: slot);
                if (second is null) return null;
                branch2Input = second.Value;
            }
            else
            {
                // branch1: depthwise 3x3 stride 2 + BN, 1x1 + BN + ReLU, into the first half.
                var v = Pair(g, BlockExpander.Conv(spec, x.C, 3, none, 2, 1, bias: false, groups: x.C), none, name + ".branch1.0", name + ".branch1.1", x, spec);
                if (v is null) return null;
                v = g.Add(BlockExpander.Conv(spec, half, 1, none, bias: false), name + ".branch1.2", v.Value);
                if (v is null || g.Add(BlockExpander.BatchNorm(spec, relu), name + ".branch1.3", v.Value, outOffset: region, sliceOf: name) is null) return null;
                branch2Input = x;
            }
            // branch2: 1x1 + BN + ReLU, depthwise 3x3 (stride) + BN, 1x1 + BN + ReLU, into the second half. Its first layer
            // reads x (stride 2) or the second slice; for x it writes its share of the gradient to the private slot.
            var c0 = g.Add(BlockExpander.Conv(spec, half, 1, none, bias: false), name + ".branch2.0", branch2Input, inGradientOffset: stride == 1 ? -1 : slot);
            var b = c0 is null ? null : g.Add(BlockExpander.BatchNorm(spec, relu), name + ".branch2.1", c0.Value);
            b = b is null ? null : Pair(g, BlockExpander.Conv(spec, half, 3, none, stride, 1, bias: false, groups: half), none, name + ".branch2.3", name + ".branch2.4", b.Value, spec);
            b = b is null ? null : g.Add(BlockExpander.Conv(spec, half, 1, none, bias: false), name + ".branch2.5", b.Value);
            if (b is null || g.Add(BlockExpander.BatchNorm(spec, relu), name + ".branch2.6", b.Value, outOffset: region + half * area, outChannelOffset: half, sliceOf: name) is null)
                return null;
            g.MergeAfter(first, new[] { slot });
            var shuffle = new ChannelShuffleSpec { Kind = LayerKind.ChannelShuffle, Location = spec.Location, Groups = 2 };
            return g.Add(shuffle, name + "_shuffle", new Value(region, maps, oh, ow, name));
        }

        private static Value? Pair(GraphBuilder g, LayerSpec conv, ActivationKind f, string convName, string normName, Value input, LayerSpec at)
        {
            var c = g.Add(conv, convName, input);
            return c is null ? null : g.Add(BlockExpander.BatchNorm(at, f), normName, c.Value);
        }

        /// <summary>The unit's own arguments, one diagnostic each; its layers check the rest (sizes, buffers).</summary>
        private static bool Check(GraphBuilder g, ShuffleUnitSpec spec, string name, Value x)
        {
            var at = spec.Location;
            var d = g.Diagnostics;
            bool ok = Checks.CheckRange(name, "maps", spec.Maps, 2, Limits.MaxBufferFloats, at, d);
            if (spec.Stride is not (1 or 2))
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ValueOutOfRange, at, name, "Stride", "1 or 2", spec.Stride));
                ok = false;
            }
            if (spec.Maps >= 2 && spec.Maps % 2 != 0)
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MapsNotDivisible, at, name, spec.Maps, 2, "the unit's two branches"));
                ok = false;
            }
            if (spec.Stride == 1 && spec.Maps >= 2 && spec.Maps != x.C)
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ShuffleUnitChangesMaps, at, name, x.C, spec.Maps));
                ok = false;
            }
            return ok;
        }
    }
}
