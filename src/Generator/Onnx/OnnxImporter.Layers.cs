using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>Operators that become layers: Conv, BatchNormalization, the pools, Gemm and MatMul, LRN, Softmax and LogSoftmax.</summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// Conv (ONNX: floor output size, weight [M][C/group][kH][kW], optional bias [M]) as NetGen's Conv with the same
        /// window: kernel, strides, dilations and pads per axis (OnnxImporter.Geometry.cs), a Pad node's zeros in front added
        /// to the pads.
        /// </summary>
        private bool Conv(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Padded(node, problems, out int[] zeros);
            var w = Constant(node, 1, "weight", problems);
            float[]? b = Input(node, 2) is null ? null : Constant(node, 2, "bias", problems);
            long[] dims = DimsOf(node, 1);
            if (w is not null && dims.Length != 4) problems.Add($"has a weight of shape {NodeAttributes.List(dims)}; NetGen convolutions are 2-D ([M,C,kH,kW])");
            if (x is { Flat: true }) problems.Add($"convolves the flat value {x.ShapeText}; NetGen convolutions take [N,C,H,W]");
            if (problems.Count > 0 || x is null || w is null) return Done(node, problems);
            long maps = dims[0], group = node.Int("group", 1);
            var window = ReadWindow(node, dims[2], dims[3], x, zeros, problems);
            if (group < 1 || x.C % group != 0 || maps % group != 0 || dims[1] * group != x.C)
                problems.Add($"has group {group} and a weight of shape {NodeAttributes.List(dims)}, which do not fit its {x.C} input maps");
            if (b is not null && b.Length != maps) problems.Add($"has {b.Length} biases for {maps} maps");
            if (problems.Count > 0 || window is null) return Done(node, problems);
            var spec = ConvGeometry(new ConvSpec { Kind = LayerKind.Conv, Maps = (int)maps, Groups = (int)group, NoBias = b is null }, window);
            int oh = (int)((x.H + window.Top + window.Bottom - window.EH) / window.SH + 1), ow = (int)((x.W + window.Left + window.Right - window.EW) / window.SW + 1);
            AddLayer(node, spec, Spatial(x, (int)maps, oh, ow), WeightName(node, 1), new[] { x }, b is null ? new[] { ("weight", w) } : new[] { ("weight", w), ("bias", b) });
            return true;
        }

        /// <summary>A layer's output shape (its source is given when the layer is added).</summary>
        private static ActivationValue Spatial(ActivationValue x, int c, int h, int w) => new(c, h, w, false, 0, 0);

        private string? WeightName(OnnxNode node, int index) => index < node.Inputs.Count && Input(node, index) is ConstantValue c ? c.Name : null;

        /// <summary>
        /// BatchNormalization in inference form (ONNX: y = scale (x - mean) / sqrt(var + epsilon) + B) as NetGen's BatchNorm on
        /// its running statistics. ONNX's momentum m weighs the old running value, PyTorch's and NetGen's the new one: 1 - m.
        /// </summary>
        private bool BatchNorm(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            var scale = Constant(node, 1, "scale", problems);
            var bias = Constant(node, 2, "bias", problems);
            var mean = Constant(node, 3, "mean", problems);
            var variance = Constant(node, 4, "variance", problems);
            if (problems.Count > 0 || x is null) return Done(node, problems);
            if (x.Flat && _sources[x.Source]!.H * _sources[x.Source]!.W != 1)
                return Refuse(node, $"normalizes {x.ShapeText}, flattened from maps of {_sources[x.Source]!.H}x{_sources[x.Source]!.W}; NetGen's batch norm is per map of the maps it reads");
            foreach (var (role, t) in new[] { ("scale", scale!), ("bias", bias!), ("mean", mean!), ("variance", variance!) })
                if (t.Length != x.C) problems.Add($"has a {role} of {t.Length} values for {x.C} maps");
            if (problems.Count > 0) return Done(node, problems);
            double momentum = 1 - node.Float("momentum", 0.9f);
            var spec = new BatchNormSpec
            {
                Kind = LayerKind.BatchNorm, Epsilon = node.Float("epsilon", 1e-5f),
                Momentum = momentum >= 0 && momentum <= 1 ? Math.Round(momentum, 6) : 0.1,
            };
            AddLayer(node, spec, x, WeightName(node, 1), new[] { x },
                ("weight", scale!), ("bias", bias!), (BatchNormRoom.RunningMean, mean!), (BatchNormRoom.RunningVariance, variance!));
            return true;
        }

        /// <summary>
        /// MaxPool and AveragePool as NetGen's pools (PyTorch's max_pool2d/avg_pool2d): rectangular windows and strides,
        /// pads, ceil_mode and count_include_pad wherever NetGen's windows and divisors compute the same (PoolGeometry);
        /// a Pad node's zeros in front of a mean count as input.
        /// </summary>
        private bool Pool(OnnxNode node, LayerKind kind)
        {
            var problems = new List<string>();
            var x = Padded(node, problems, out int[] zeros);
            if (x is { Flat: true }) problems.Add($"pools the flat value {x.ShapeText}; NetGen pools take [N,C,H,W]");
            if (kind == LayerKind.MaxPool && zeros.Any(z => z != 0))
                problems.Add($"reads '{NodeAttributes.Shown(node.Inputs[0])}', padded with zeros by a Pad node; NetGen's max pooling pads with -infinity");
            if (problems.Count > 0 || x is null) return Done(node, problems);
            var window = ReadWindow(node, 0, 0, x, zeros, problems);
            if (problems.Count > 0 || window is null) return Done(node, problems);
            var spec = PoolGeometry(node, kind, window, x, out int oh, out int ow);
            if (spec is null)
                return Refuse(node, $"pools {x.H}x{x.W} with a {window.KH}x{window.KW} window, strides {window.SH}x{window.SW}, pads [{window.Top},{window.Left},{window.Bottom},{window.Right}]"
                    + (zeros.Any(z => z != 0) ? $" (of which [{string.Join(",", zeros)}] a Pad node's zeros)" : "")
                    + $", ceil_mode {node.Int("ceil_mode", 0)}{(kind == LayerKind.AvgPool ? $", count_include_pad {node.Int("count_include_pad", 0)}" : "")}; "
                    + "NetGen's pools (PyTorch's) pad each axis equally by less than the window and leave cells past the far padding out of a mean, and no such pool gives these windows");
            AddLayer(node, spec, Spatial(x, x.C, oh, ow), null, new[] { x });
            return true;
        }

        private bool GlobalAveragePool(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            if (x is { Flat: true }) problems.Add($"pools the flat value {x.ShapeText}; NetGen pools take [N,C,H,W]");
            if (problems.Count > 0 || x is null) return Done(node, problems);
            AddLayer(node, new GlobalAvgPoolSpec { Kind = LayerKind.GlobalAvgPool }, Spatial(x, x.C, 1, 1), null, new[] { x });
            return true;
        }

        /// <summary>
        /// Gemm (Y = alpha A B' + beta C, B' = B transposed when transB) on the CHW-flattened value as NetGen's Dense, weight
        /// [out][in]: alpha and beta are folded into the weights and bias, C broadcast to the units.
        /// </summary>
        private bool Gemm(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            var b = Constant(node, 1, "weight", problems);
            float[]? c = Input(node, 2) is null ? null : Constant(node, 2, "bias", problems);
            if (problems.Count > 0 || x is null || b is null) return Done(node, problems);
            bool transB = node.Int("transB", 0) != 0;
            long[] dims = DimsOf(node, 1);
            if (dims.Length != 2 || dims[transB ? 1 : 0] != x.Length)
                return Done(node, new List<string> { $"has a weight of shape {NodeAttributes.List(dims)} (transB {(transB ? 1 : 0)}) for {x.Length} inputs" });
            int units = (int)dims[transB ? 0 : 1], inputs = (int)x.Length;
            float alpha = node.Float("alpha", 1), beta = node.Float("beta", 1);
            var source = (ConstantValue)Input(node, 1)!;
            var weight = Derived(DenseWeight(b, units, inputs, transB, alpha), Origin(source, transB ? OriginOp.Copy : OriginOp.Transpose, alpha, inputs, units));
            var bias = Derived(new float[units]);
            if (c is not null)
            {
                if (c.Length != 1 && c.Length != units) return Done(node, new List<string> { $"has a bias of {c.Length} values for {units} units" });
                for (int i = 0; i < units; i++) bias[i] = beta * c[c.Length == 1 ? 0 : i];
                Derived(bias, Origin((ConstantValue)Input(node, 2)!, c.Length == 1 && units != 1 ? OriginOp.Fill : OriginOp.Copy, beta));
            }
            AddLayer(node, new DenseSpec { Kind = LayerKind.Dense, Units = units }, new ActivationValue(units, 1, 1, true, 0, 0), WeightName(node, 1), new[] { x },
                ("weight", weight), ("bias", bias));
            return true;
        }

        /// <summary>MatMul(x, W [in][out]) as a Dense layer with zero bias; an Add of a constant right after folds into the bias.</summary>
        private bool MatMul(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            var b = Constant(node, 1, "weight", problems);
            if (problems.Count > 0 || x is null || b is null) return Done(node, problems);
            long[] dims = DimsOf(node, 1);
            if (!x.Flat || dims.Length != 2 || dims[0] != x.Length)
                return Done(node, new List<string> { $"multiplies {x.ShapeText} by a weight of shape {NodeAttributes.List(dims)}; NetGen's dense layer takes [N,D] times [D,units]" });
            int units = (int)dims[1];
            AddLayer(node, new DenseSpec { Kind = LayerKind.Dense, Units = units }, new ActivationValue(units, 1, 1, true, 0, 0), WeightName(node, 1), new[] { x },
                ("weight", Derived(DenseWeight(b, units, (int)x.Length, false, 1), Origin((ConstantValue)Input(node, 1)!, OriginOp.Transpose, 1, (int)x.Length, units))),
                ("bias", Derived(new float[units])));
            return true;
        }

        /// <summary>NetGen's dense weight [units][inputs] from ONNX's B: as stored when transposed ([units][inputs]), else transposed.</summary>
        private static float[] DenseWeight(float[] b, int units, int inputs, bool transposed, float alpha)
        {
            var weight = new float[(long)units * inputs];
            for (int o = 0; o < units; o++)
                for (int i = 0; i < inputs; i++)
                    weight[(long)o * inputs + i] = alpha * (transposed ? b[(long)o * inputs + i] : b[(long)i * units + o]);
            return weight;
        }

        /// <summary>
        /// Softmax (or LogSoftmax) over the flattened value, NetGen's output layer: ONNX's axis 1 on [N,D] (or the default -1), and on
        /// [N,C,H,W] the opset &lt; 13 "coerce to 2-D at axis 1" form, or any axis over C when H = W = 1.
        /// </summary>
        private bool Softmax(OnnxNode node, LayerKind kind)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            if (problems.Count > 0 || x is null) return Done(node, problems);
            long axis = node.Int("axis", Opset < 13 ? 1 : -1);
            bool whole = x.Flat ? axis is 1 or -1
                : (Opset < 13 && axis is 1 or -3) || (x.H == 1 && x.W == 1 && axis is 1 or -3);
            if (!whole) return Done(node, new List<string> { $"has axis {axis} on {x.ShapeText} (opset {Opset}); NetGen's softmax covers every unit of a sample" });
            AddLayer(node, new OutputSpec { Kind = kind }, new ActivationValue((int)x.Length, 1, 1, true, 0, 0), null, new[] { x });
            return true;
        }

        /// <summary>LRN (ONNX: sum over maps c - floor((n-1)/2) .. c + ceil((n-1)/2), scaled by alpha/n): NetGen's window when n is odd.</summary>
        private bool Lrn(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            long size = node.Int("size", 0);
            if (problems.Count > 0 || x is null) return Done(node, problems);
            var spec = new LocalResponseNormSpec
            {
                Kind = LayerKind.LocalResponseNorm, Size = (int)Math.Min(size, Limits.MaxExtent + 1),
                Alpha = node.Float("alpha", 1e-4f), Beta = node.Float("beta", 0.75f), K = node.Float("bias", 1f),
            };
            AddLayer(node, spec, x, null, new[] { x });
            return true;
        }
    }
}
