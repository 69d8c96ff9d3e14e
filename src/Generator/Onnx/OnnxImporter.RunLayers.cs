using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>The layers a run of nodes maps to (found by OnnxImporter.Runs.cs): cross-map LRN written out, LeNet's RBF.</summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// y = x * (K + sum_i w_ci x_i^2)^e as Mul(x, x), Conv 1x1 (weight w [C][C], bias K), Pow(e), Mul(x): NetGen's (and
        /// PyTorch's) LocalResponseNorm(n, alpha, beta = -e, K) when every w_ci is alpha/n for the maps i = c - n/2 ..
        /// c + (n-1)/2 (clipped at the first and last map) and 0 for the others, and the bias is K for every map. The
        /// exporter writes an even n so (OnnxLayerLowering.LocalResponseNorm); alpha = w n gives back the same alpha/n.
        /// </summary>
        private bool CrossMapLrn(OnnxNode head, OnnxNode conv, OnnxNode pow, OnnxNode end)
        {
            // x read as data: a formula of it (an activation) is mapped first.
            if (Input(head, 0) is ExprValue e && Map(e) is null) return false;
            var problems = new List<string>();
            var x = Chain(head, 0, problems);
            if (problems.Count > 0 || x is null) return Done(head, problems);
            if (x.Flat) return Refuse(head, $"squares {x.ShapeText} for a 1x1 Conv; a local response normalization reads maps [N,C,H,W]");
            int c = x.C;
            var convProblems = new List<string>();
            if ((conv.Ints("kernel_shape") is { } kernel && kernel.Any(k => k != 1)) || (conv.Ints("strides")?.Any(s => s != 1) ?? false)
                || (conv.Ints("dilations")?.Any(d => d != 1) ?? false) || (conv.Ints("pads")?.Any(p => p != 0) ?? false)
                || conv.Int("group", 1) != 1 || conv.Text("auto_pad", "NOTSET") is not ("NOTSET" or "VALID"))
                convProblems.Add("sums the squares with a Conv that is not 1x1 of stride 1, unpadded and ungrouped, which no local response normalization is");
            var weight = Input(conv, 1) as ConstantValue;
            var bias = Input(conv, 2) as ConstantValue;
            if (weight?.Floats is not { } w || !weight.Dims.SequenceEqual(new long[] { c, c, 1, 1 }))
                convProblems.Add($"sums the squares of {c} maps with a weight that is not a float constant [{c},{c},1,1]");
            else if (LrnWindow(w, c) is not { } window)
                convProblems.Add($"sums the squares with a [{c},{c}] weight that is no local response window (alpha/n on maps c - n/2 .. c + (n-1)/2, 0 elsewhere: PyTorch's)");
            else if (bias?.Floats is not { } k || k.Length != c || k.Any(v => v != k[0]) || !(k[0] > 0) || float.IsInfinity(k[0]))
                convProblems.Add($"adds a bias that is not one positive constant K for all {c} maps, as a local response normalization's");
            else if (Input(pow, 1) is not ConstantValue { Scalar: float exponent } || float.IsNaN(exponent) || float.IsInfinity(exponent))
                return Refuse(pow, "raises the sum to an exponent that is not one finite constant (-beta of a local response normalization)");
            else
            {
                var spec = new LocalResponseNormSpec
                {
                    Kind = LayerKind.LocalResponseNorm, Size = window.Size,
                    Alpha = (double)window.AlphaOverN * window.Size, Beta = -(double)exponent, K = k[0],
                };
                Output(end, NewLayer(end, spec, x, null, new[] { x }));
                return true;
            }
            return Done(conv, convProblems);
        }

        /// <summary>
        /// The window size n and alpha/n of an LRN's [C][C] weight, or null when it is no such window. When the window is
        /// clipped at both ends for every map, several n give the same sums: the smallest is taken (the same function, as
        /// alpha/n is what is stored).
        /// </summary>
        internal static (int Size, float AlphaOverN)? LrnWindow(float[] w, int c)
        {
            float a = w.FirstOrDefault(v => v != 0);
            if (!(a > 0) || float.IsInfinity(a)) return null;
            int below = 0, above = 0;
            for (int o = 0; o < c; o++)
                for (int i = 0; i < c; i++)
                {
                    if (w[o * c + i] == 0) continue;
                    if (w[o * c + i] != a) return null;
                    below = System.Math.Max(below, o - i);
                    above = System.Math.Max(above, i - o);
                }
            foreach (int n in new[] { 2 * below, 2 * below + 1, 2 * above + 1, 2 * above + 2 }.Where(n => n >= 1).OrderBy(n => n))
                if (IsWindow(w, c, n)) return (n, a);
            return null;
        }

        private static bool IsWindow(float[] w, int c, int n)
        {
            for (int o = 0; o < c; o++)
                for (int i = 0; i < c; i++)
                    if ((w[o * c + i] != 0) != (i >= o - n / 2 && i <= o + (n - 1) / 2)) return false;
            return true;
        }

        /// <summary>
        /// Euclidean RBF y_c = sum_j (x_j - w_cj)^2 as Unsqueeze(x) to [N,1,D], Sub of the centres [C,D] (either operand
        /// first: the square is the same), ReduceSumSquare over axis 2 with keepdims 0: NetGen's [Rbf(C)] (LeNet-5's output
        /// layer), named Output as a declared one is, its centres trainable as every imported weight is.
        /// </summary>
        private bool Rbf(OnnxNode head, OnnxNode sub, OnnxNode reduce)
        {
            var problems = new List<string>();
            var x = Chain(head, 0, problems);
            if (problems.Count > 0 || x is null) return Done(head, problems);
            long[] axes = (Input(head, 1) as ConstantValue)?.Ints ?? head.Ints("axes")?.ToArray() ?? new long[0];
            if (!x.Flat || axes.Length != 1 || (axes[0] != 1 && axes[0] != -2))
                return Refuse(head, $"unsqueezes {x.ShapeText} on axes {NodeAttributes.List(axes)}; NetGen maps only [N,D] to [N,1,D] before the Sub and ReduceSumSquare of an RBF layer");
            int d = (int)x.Length;
            int centresAt = sub.Inputs[0] == head.Outputs[0] ? 1 : 0;
            var subProblems = new List<string>();
            var centres = Constant(sub, centresAt, "centres", subProblems);
            long[] dims = DimsOf(sub, centresAt);
            if (subProblems.Count > 0 || centres is null) return Done(sub, subProblems);
            if (dims.Length is not (2 or 3) || dims[dims.Length - 1] != d || (dims.Length == 3 && dims[0] != 1) || dims[dims.Length - 2] < 1)
                return Refuse(sub, $"subtracts centres of shape {NodeAttributes.List(dims)} from [N,1,{d}]; an RBF layer's are [C,{d}]");
            long[] reduced = (Input(reduce, 1) as ConstantValue)?.Ints ?? reduce.Ints("axes")?.ToArray() ?? new long[0];
            if (reduced.Length != 1 || (reduced[0] != 2 && reduced[0] != -1) || reduce.Int("keepdims", 1) != 0)
                return Refuse(reduce, $"reduces axes {NodeAttributes.List(reduced)} with keepdims {reduce.Int("keepdims", 1)}; an RBF layer sums over axis 2 with keepdims 0");
            int classes = (int)dims[dims.Length - 2];
            var spec = new OutputSpec { Kind = LayerKind.Rbf, Classes = classes, Trainable = true };
            Output(reduce, NewLayer(reduce, spec, new ActivationValue(classes, 1, 1, true, 0, 0), null, new[] { x }, ("weight", centres)));
            return true;
        }
    }
}
