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
        /// Conv (ONNX: floor output size, weight [M][C/group][kH][kW], optional bias [M]) as NetGen's Conv: square kernel,
        /// one stride, the same pad on every side, no dilation. auto_pad SAME_* is accepted where it pads evenly.
        /// </summary>
        private bool Conv(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            var w = Constant(node, 1, "weight", problems);
            float[]? b = Input(node, 2) is null ? null : Constant(node, 2, "bias", problems);
            long[] dims = DimsOf(node, 1);
            if (w is not null && dims.Length != 4) problems.Add($"has a weight of shape {NodeAttributes.List(dims)}; NetGen convolutions are 2-D ([M,C,k,k])");
            if (x is { Flat: true }) problems.Add($"convolves the flat value {x.ShapeText}; NetGen convolutions take [N,C,H,W]");
            if (problems.Count > 0 || x is null || w is null) return Done(node, problems);
            long maps = dims[0], group = node.Int("group", 1);
            var (k, s, p) = Window(node, dims[2], dims[3], x, problems);
            if (group < 1 || x.C % group != 0 || maps % group != 0 || dims[1] * group != x.C)
                problems.Add($"has group {group} and a weight of shape {NodeAttributes.List(dims)}, which do not fit its {x.C} input maps");
            if (b is not null && b.Length != maps) problems.Add($"has {b.Length} biases for {maps} maps");
            if (problems.Count > 0) return Done(node, problems);
            var spec = new ConvSpec
            {
                Kind = LayerKind.Conv, Maps = (int)maps, Kernel = k, Stride = s, Pad = p, Groups = (int)group,
                NoBias = b is null, DropRemainder = true,
            };
            var output = Spatial(x, (int)maps, Out(x.H, k, s, p), Out(x.W, k, s, p));
            AddLayer(node, spec, output, WeightName(node, 1), new[] { x }, b is null ? new[] { ("weight", w) } : new[] { ("weight", w), ("bias", b) });
            return true;
        }

        /// <summary>
        /// The window of a Conv or pool: one kernel size, one stride, one pad (explicit pads, or auto_pad VALID, or SAME_*
        /// where the total padding is even), dilation 1. Problems name the attribute and its value.
        /// </summary>
        private (int K, int S, int P) Window(OnnxNode node, long kh, long kw, ActivationValue x, List<string> problems)
        {
            // The attributes alone were checked by Audit: a square kernel_shape, one stride, equal pads, no dilation.
            var shape = node.Ints("kernel_shape");
            if (shape is not null && kh > 0 && (shape[0] != kh || shape[1] != kw))
                problems.Add($"has kernel_shape {NodeAttributes.List(shape)}, which does not match its weight");
            if (shape is not null) { kh = shape[0]; kw = shape[1]; }
            if (kh != kw) problems.Add($"has a {kh}x{kw} kernel; NetGen kernels are square");
            long k = kh, s = node.Ints("strides")?[0] ?? 1, p = node.Ints("pads")?[0] ?? 0;
            string autoPad = node.Text("auto_pad", "NOTSET");
            if (autoPad is "VALID") p = 0;
            else if (autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                // ONNX: output = ceil(in / stride), total padding (out - 1) * stride + k - in, split evenly when it is even.
                long th = Math.Max(0, ((x.H + s - 1) / s - 1) * s + k - x.H), tw = Math.Max(0, ((x.W + s - 1) / s - 1) * s + k - x.W);
                if (th != tw || th % 2 != 0) problems.Add($"has auto_pad {autoPad}, which pads {x.H}x{x.W} unevenly ({th} rows, {tw} columns); NetGen pads every side equally");
                else p = th / 2;
            }
            if (problems.Count == 0 && (x.H + 2 * p < k || x.W + 2 * p < k))
                problems.Add($"has a {k}x{k} window larger than its padded input {x.H + 2 * p}x{x.W + 2 * p}");
            bool fits = k <= Limits.MaxExtent && s <= Limits.MaxExtent && p <= Limits.MaxExtent;
            if (!fits) problems.Add($"has kernel {k}, stride {s} and pad {p}, beyond NetGen's limit of {Limits.MaxExtent}");
            return fits ? ((int)k, (int)s, (int)p) : (1, 1, 0);
        }

        private static int Out(int size, int k, int s, int p) => (size + 2 * p - k) / s + 1;

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
        /// MaxPool and AveragePool: NetGen's floor output size, max pooling padded with -infinity, mean pooling counting the
        /// zero padding (count_include_pad 1). ceil_mode 1 is accepted where it gives the floor size.
        /// </summary>
        private bool Pool(OnnxNode node, LayerKind kind)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            if (x is { Flat: true }) problems.Add($"pools the flat value {x.ShapeText}; NetGen pools take [N,C,H,W]");
            if (problems.Count > 0 || x is null) return Done(node, problems);
            var (k, s, p) = Window(node, 0, 0, x, problems);
            if (problems.Count == 0 && p >= k) problems.Add($"has pad {p} for a {k}x{k} window; the pad must be smaller than the window");
            // Explicit pads were audited; auto_pad SAME_* pads too, and ONNX's default leaves that padding out of the mean.
            if (problems.Count == 0 && kind == LayerKind.AvgPool && p > 0 && node.Text("auto_pad", "NOTSET") is "SAME_UPPER" or "SAME_LOWER" && node.Int("count_include_pad", 0) == 0)
                problems.Add($"has auto_pad {node.Text("auto_pad", "")}, which pads by {p}, with count_include_pad 0 (the padding left out of the mean); NetGen's mean counts the padding");
            if (problems.Count == 0 && node.Int("ceil_mode", 0) != 0)
            {
                // ceil and floor rounding agree exactly when the windows tile the padded input.
                if ((x.H + 2 * p - k) % s != 0 || (x.W + 2 * p - k) % s != 0)
                    problems.Add($"has ceil_mode 1, which on {x.H}x{x.W} adds a partial window; NetGen rounds down (ceil_mode 0)");
            }
            if (problems.Count > 0) return Done(node, problems);
            var spec = new PoolSpec { Kind = kind, Window = k, Stride = s, Pad = p, DropRemainder = true };
            AddLayer(node, spec, Spatial(x, x.C, Out(x.H, k, s, p), Out(x.W, k, s, p)), null, new[] { x });
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
            var weight = DenseWeight(b, units, inputs, transB, alpha);
            var bias = new float[units];
            if (c is not null)
            {
                if (c.Length != 1 && c.Length != units) return Done(node, new List<string> { $"has a bias of {c.Length} values for {units} units" });
                for (int i = 0; i < units; i++) bias[i] = beta * c[c.Length == 1 ? 0 : i];
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
                ("weight", DenseWeight(b, units, (int)x.Length, false, 1)), ("bias", new float[units]));
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
