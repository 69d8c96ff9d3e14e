using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// The blocks of the mobile networks, expanded into ordinary layers as torchvision builds them: squeeze-and-excitation
    /// (its product the only new kind, <see cref="MulRoom"/>) and the inverted residual block of MobileNetV2/V3 and
    /// EfficientNet. A value read twice (the block's input by the pool and the product; by the expansion and the residual
    /// add) sends its second reader's gradient to a private slot, added after the first reader's backward.
    /// </summary>
    internal static class MobileBlocks
    {
        /// <summary>Layers one squeeze-and-excitation adds at most: pool, fc1 (and its split-off activation), fc2 (same), product.</summary>
        private const int SqueezeExciteLayers = 6;

        public static Value? SqueezeExcite(GraphBuilder g, SqueezeExciteSpec spec, string name, Value x)
        {
            if (!Checks.CheckRange(name, "squeezeMaps", spec.SqueezeMaps, 1, Limits.MaxBufferFloats, spec.Location, g.Diagnostics)
                || !g.RoomFor(SqueezeExciteLayers, name, spec.Location)) return null;
            return Excite(g, spec, name, x, spec.SqueezeMaps, spec.Activation, spec.Gate);
        }

        /// <summary>
        /// avgpool, fc1 (1x1, bias, activation), fc2 (1x1, bias, gate), then x * gate per map (NAME.scale). The pool reads x
        /// first and owns its gradient; the product's share goes to a private slot merged after the pool's backward.
        /// </summary>
        private static Value? Excite(GraphBuilder g, LayerSpec at, string name, Value x, int squeezeMaps, int activation, int gate)
        {
            int first = g.Count;
            int slot = g.PrivateGradient(x.Length);
            var pooled = g.Add(new GlobalAvgPoolSpec { Kind = LayerKind.GlobalAvgPool, Location = at.Location }, name + ".avgpool", x);
            if (pooled is null) return null;
            var squeezed = g.Add(BlockExpander.Conv(at, squeezeMaps, 1, (ActivationKind)activation), name + ".fc1", pooled.Value);
            if (squeezed is null) return null;
            var s = g.Add(BlockExpander.Conv(at, x.C, 1, (ActivationKind)gate), name + ".fc2", squeezed.Value);
            if (s is null) return null;
            var product = new MulSpec { Kind = LayerKind.Mul, Location = at.Location, Other = s.Value, OtherGradientOffset = s.Value.Offset };
            var y = g.Add(product, name + ".scale", x, inGradientOffset: slot);
            if (y is null) return null;
            g.MergeAfter(first, new[] { slot });
            return y;
        }

        /// <summary>
        /// Expansion (1x1, bn, activation; left out when the hidden maps are the input's), depthwise (k x k, stride, pad
        /// (k-1)/2, bn, activation), optional squeeze-and-excitation, projection (1x1, bn), and the input added when the
        /// shape is kept. Names follow <see cref="InvertedResidualSpec.Naming"/>.
        /// </summary>
        public static Value? InvertedResidual(GraphBuilder g, InvertedResidualSpec spec, string name, Value x)
        {
            if (!Check(g, spec, name)) return null;
            long hiddenMaps = spec.ExpandMaps > 0 ? spec.ExpandMaps : (long)x.C * (spec.Expansion < 0 ? 1 : spec.Expansion);
            if (!Checks.CheckRange(name, "the hidden maps", hiddenMaps, 1, Limits.MaxBufferFloats, spec.Location, g.Diagnostics)
                || !g.RoomFor(9 + (spec.SqueezeMaps > 0 ? SqueezeExciteLayers : 0), name, spec.Location)) return null;
            int hidden = (int)hiddenMaps, k = spec.Kernel;
            bool residual = spec.Stride == 1 && x.C == spec.OutMaps;
            bool v2 = spec.Naming == 0;
            string prefix = name + (v2 ? ".conv." : ".block.");
            int part = 0;
            var act = (ActivationKind)spec.Activation;
            var none = ActivationKind.Identity;
            int first = g.Count;
            int slot = residual ? g.PrivateGradient(x.Length) : -1;
            Value v = x;
            bool Pair(LayerSpec conv, ActivationKind f, string convName, string normName)
            {
                var c = g.Add(conv, convName, v);
                var n = c is null ? null : g.Add(BlockExpander.BatchNorm(spec, f, spec.Epsilon, spec.Momentum), normName, c.Value);
                if (n is null) return false;
                v = n.Value;
                return true;
            }
            if (hidden != x.C && !Pair(BlockExpander.Conv(spec, hidden, 1, none, bias: false), act, $"{prefix}{part}.0", $"{prefix}{part++}.1")) return null;
            var depthwise = BlockExpander.Conv(spec, hidden, k, none, spec.Stride, (k - 1) / 2, bias: false, groups: hidden);
            if (!Pair(depthwise, act, $"{prefix}{part}.0", $"{prefix}{part++}.1")) return null;
            if (spec.SqueezeMaps > 0)
            {
                int seAct = spec.SqueezeActivation < 0 ? (int)ActivationKind.ReLU : spec.SqueezeActivation;
                int gate = spec.Gate < 0 ? (int)ActivationKind.Sigmoid : spec.Gate;
                var excited = Excite(g, spec, $"{prefix}{part++}", v, spec.SqueezeMaps, seAct, gate);
                if (excited is null) return null;
                v = excited.Value;
            }
            // MobileNetV2's projection is a bare conv and bn (NAME.conv.2, .3); the others a conv-norm pair (block.K.0, .1).
            var project = BlockExpander.Conv(spec, spec.OutMaps, 1, none, bias: false);
            if (!(v2 ? Pair(project, none, $"{prefix}{part}", $"{prefix}{part + 1}") : Pair(project, none, $"{prefix}{part}.0", $"{prefix}{part}.1"))) return null;
            if (!residual) return v;
            var joined = g.Join(name + ".add", v, x, none, slot, spec.Location);
            if (joined is null) return null;
            g.MergeAfter(first, new[] { slot });
            return joined;
        }

        /// <summary>The block's own arguments, one diagnostic each; the layers check the rest (activations, epsilon).</summary>
        private static bool Check(GraphBuilder g, InvertedResidualSpec spec, string name)
        {
            var at = spec.Location;
            var d = g.Diagnostics;
            bool ok = Checks.CheckRange(name, "outMaps", spec.OutMaps, 1, Limits.MaxBufferFloats, at, d)
                & Checks.CheckExtent(name, "kernel", spec.Kernel, 1, at, d)
                & Checks.CheckExtent(name, "Stride", spec.Stride, 1, at, d)
                & Checks.CheckAtLeast(name, "SqueezeMaps", spec.SqueezeMaps, 0, at, d);
            if (spec.Expansion != -1) ok &= Checks.CheckRange(name, "Expansion", spec.Expansion, 1, Limits.MaxBufferFloats, at, d);
            if (spec.ExpandMaps != 0) ok &= Checks.CheckRange(name, "ExpandMaps", spec.ExpandMaps, 1, Limits.MaxBufferFloats, at, d);
            if (spec.Kernel >= 1 && spec.Kernel % 2 == 0)
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EvenDepthwiseKernel, at, name, spec.Kernel));
                ok = false;
            }
            if (spec.Expansion != -1 && spec.ExpandMaps != 0)
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExpansionAndExpandMaps, at, name, spec.Expansion, spec.ExpandMaps));
                ok = false;
            }
            if (spec.SqueezeMaps == 0)
                foreach (var (given, what) in new[] { (spec.SqueezeActivation, "SqueezeActivation"), (spec.Gate, "Gate") })
                    if (given != -1)
                    {
                        d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SqueezeArgumentWithoutSqueeze, at, name, what));
                        ok = false;
                    }
            if (spec.Naming is not (0 or 1))
            {
                d.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEnumValue, at, name, spec.Naming, "InvertedResidualNames"));
                ok = false;
            }
            return ok;
        }
    }
}
