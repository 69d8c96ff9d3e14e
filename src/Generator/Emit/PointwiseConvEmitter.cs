using System;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// A 1x1 stride-1 unpadded convolution without a table or groups (<see cref="Layers.ConvStrategy.Pointwise"/>) as
    /// the matrix products it is, with P = OutH * OutW positions per map:
    /// forward output[OutC][P] = f(bias + weight[OutC][InC] x input[InC][P]), input gradient weight^T x delta, weight
    /// gradient delta x input^T (a reduction over positions), bias gradient the sum of each map's deltas.
    /// The products run in register tiles, each strip of tiles its own method (the JIT's inlining budget, as for the
    /// wide tiles): a block of rows (output maps, or input maps for the input gradient) x a few vectors of positions held in
    /// accumulators; per step of the reduction each vector of the other operand is loaded once and feeds every row,
    /// each broadcast weight feeds every vector. Positions past the last whole vector: one more vector overlapping
    /// the one before (recomputing a position is harmless: the tiles store, they do not add), or, in maps narrower
    /// than a vector, one position at a time through the same tile on the <c>Scalar</c> lane. Nothing reads or
    /// writes past a map, so no scratch: unlike wide rows there are no discarded columns to compact away.
    /// The weight gradient keeps (output map, input map) sums as vectors over positions and reduces them once per
    /// tile, four at a time (<c>AddSums4</c>); its last vector overlaps the one before with the repeated deltas masked.
    /// Sources over 1 MB are walked in panels of positions (see <see cref="Panel"/>); measured on ResNet-50 (2 MB
    /// second-level cache): 256 maps of 56x56 (3.2 MB) 2.5 ms whole, 1.65 ms in panels; 64 maps (800 KB) 1.05 ms whole,
    /// 3.9 ms in panels. Left: with few positions (7x7) the weight gradient's lane sums dominate (a transposed input
    /// would let it vectorize over input maps instead), and the overlapping last vector recomputes up to 15 positions.
    /// Files: this one (entry points, forward), .Backward.cs, .Strips.cs (the product tiles), .Tiles.cs.
    /// </summary>
    internal static partial class PointwiseConvEmitter
    {
        /// <summary>Rows x vectors of a product tile: 12 sums (of 16 registers), with 3 loads and 4 broadcasts per 12 FMAs.</summary>
        private const int Rows = 4, Vectors = 3;

        /// <summary>Rows of a product tile where there are 32 vector registers (AVX-512): 24 sums, 3 loads and 8 broadcasts per 24 FMAs.</summary>
        private const int WideRows = 8;

        /// <summary>
        /// Whether blocks of <see cref="WideRows"/> pay (Vector512 only), by interleaved A/B medians on MobileNetV2
        /// (Xeon family 6 model 207, shared machine): the forward gained with at least 160 input maps (384 to 64 maps
        /// at 14x14 145 -> 117 us, 960 to 160 at 7x7 270 -> 213, 320 to 1280 at 7x7 847 -> 715) and lost below (16 to 96
        /// at 112x112 1205 -> 1452, 96 to 576 at 14x14 367 -> 401, 96 to 24 at 56x56 in panels 451 -> 690); the input
        /// gradient gained on maps of 14x14 and more (64 to 384 at 14x14 345 -> 285) and lost on 7x7 (960 to 160
        /// 765 -> 944), whose last overlapping vector already recomputes 15 of 64 positions.
        /// </summary>
        private static bool WideBlocks(Product product) =>
            product.Forward ? product.Layer.InC >= 160 : product.Layer.OutH * product.Layer.OutW >= 128;

        /// <summary>Output maps x input maps of a weight gradient tile: 12 sums, 3 + 4 loads per 12 FMAs, 3 AddSums4.</summary>
        private const int GradientMaps = 3, GradientInputs = 4;

        public static string Describe(LayerModel l) =>
            ConvEmitter.Describe(l) + $"; a {l.OutC}x{l.InC} by {l.InC}x{l.OutH * l.OutW} matrix product in register tiles";

        /// <summary>The shape in a shared method's name: Pointwise_256x196_64_ReLU.</summary>
        private static string ShapeName(LayerModel l) =>
            $"Pointwise_{l.InC}x{l.OutH * l.OutW}_{l.OutC}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}";

        /// <param name="norm">A batch norm to apply on the way out (inference statistics; see Model/Planner.cs), or null.</param>
        public static void EmitForward(SourceWriter w, LayerModel l, LayerModel? norm) =>
            EmitSharedForward(w, l, norm, Describe(l), ShapeName(l), b => ForwardBody(b, l, norm));

        /// <summary>
        /// A forward whose body is a shared method named for the layer's shape (and "_Norm" with a fused batch norm):
        /// the matrix-product strategies (pointwise, Winograd) write only their body.
        /// </summary>
        internal static void EmitSharedForward(SourceWriter w, LayerModel l, LayerModel? norm, string description, string shapeName, Action<SourceWriter> body)
        {
            KernelText.ForwardHeader(w, l, description);
            string rendered = SharedMethods.Render(w, body);
            string fused = norm is null ? "" : $", then a batch norm ({norm.Activation}) with running statistics";
            SharedMethods.Call(w, l.Name, rendered, $"{shapeName}{(norm is null ? "" : "_Norm")}_Forward", $"Forward of a {description}{fused}.",
                LayerParts.ParametersOf(l), LayerParts.ArgumentsOf(l));
            w.Close();
            w.Line();
        }

        private static void ForwardBody(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            int positions = l.OutH * l.OutW;
            w.Line($"const int OutC = {l.OutC}, P = {positions};  // P positions per map");
            LayerParts.Rows(w, l, "OutC", WideRows);
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][{l.InC}][1][1]", $"[{l.OutC}]", gradients: false);
            if (norm is not null)
            {
                w.Line($"ref float normWeight = ref At(_parameters, {norm.WeightOffset}), normBias = ref At(_parameters, {norm.BiasOffset});");
                w.Line($"ref float runningMean = ref At(_state, {norm.StateOffset}), runningVariance = ref At(_state, {norm.StateOffset + norm.OutC});");
                w.Line($"ref float normOutput = ref At(_activations, {norm.OutOffset});  // [{norm.OutC}][{norm.OutH}][{norm.OutW}]");
            }
            w.Line($"// output[o][p] = {KernelText.Activate(l.Activation, (l.BiasCount > 0 ? "bias[o] + " : "") + "sum over i of weight[o][i] * input[i][p]")}.");
            string bias = l.BiasCount > 0 ? "ref bias, " : "";
            var plain = new Product(l, Forward: true, Norm: false);
            if (norm is null)
            {
                Loops(w, plain, "OutC", $"ref input, ref weight, {bias}ref output", split: Planner.SplitsForward(l));
                return;
            }
            w.Open("if (Training && BatchNormSync is not null)");
            w.Line("// The batch norm normalizes with the batch's statistics: it makes its own pass.");
            Loops(w, plain, "OutC", $"ref input, ref weight, {bias}ref output", wide: false, split: Planner.SplitsForward(l));
            w.Close();
            w.Open("else");
            w.Line($"// Also the batch norm with its running statistics, on the way out: normOutput = {norm.Activation}(output * scale + shift).");
            BatchNormEmitter.RunningScaleShift(w, norm);
            Loops(w, new Product(l, Forward: true, Norm: true, NormActivation: norm.Activation), "OutC",
                $"ref input, ref weight, {bias}ref output, ref MemoryMarshal.GetReference(normScale), ref MemoryMarshal.GetReference(normShift), ref normOutput", split: Planner.SplitsForward(l));
            w.Close();
        }

        /// <summary>
        /// The loops over panels of positions, blocks of <paramref name="rows"/> (a constant's name) and vectors of
        /// positions, calling the product's strips with <paramref name="arguments"/> after (row, position). A remainder
        /// of rows is one smaller block.
        /// </summary>
        /// <param name="wide">False for the rare batch-statistics path of a fused layer: blocks of <see cref="Rows"/> only,
        /// fewer methods (ResNet-152's source stays within its budget).</param>
        /// <param name="split">The rows are [lo, hi) (<see cref="LayerParts.Rows"/>, in units of <see cref="WideRows"/>), not all.</param>
        private static void Loops(SourceWriter w, Product product, string rows, string arguments, bool wide = true, bool split = false)
        {
            string first = split ? "lo" : "0", end = split ? "hi" : rows;
            var l = product.Layer;
            int count = product.Forward ? l.OutC : l.InC;
            int positions = l.OutH * l.OutW, panel = Panel(product.Reduce, positions, SourceBudget);
            w.Open();  // r and q are loop variables elsewhere in the method
            if (panel < positions)
            {
                w.Line($"// Panels of {panel} positions: the source's {product.Reduce} x {panel} slice stays in the first-level cache while every");
                w.Line("// block of rows reads it (a whole map's would not: each block would read it from memory again).");
                w.Open($"for (int p0 = 0; p0 < P; p0 += {panel})");
                w.Line($"int end = Math.Min(P, p0 + {panel});");
            }
            else
            {
                w.Line("const int p0 = 0, end = P;");
            }
            w.Line($"// Blocks of {Rows} {product.RowWords} x {Vectors} vectors of positions; the last vector of a map overlaps the one before.");
            w.Line($"int r = {first};");
            if (wide && count >= WideRows && WideBlocks(product))
            {
                w.Open("if (V.Count == 16)");
                w.Line($"// 32 registers (AVX-512): blocks of {WideRows} {product.RowWords} first, {WideRows * Vectors} sums; each pass over the source feeds twice the rows.");
                w.Open($"for (; r <= {end} - {WideRows}; r += {WideRows})");
                StripPositions(w, product, WideRows, arguments);
                w.Close();
                w.Close();
            }
            w.Open($"for (; r <= {end} - {Rows}; r += {Rows})");
            StripPositions(w, product, Rows, arguments);
            w.Close();
            int rest = count % Rows;
            if (rest > 0)
            {
                w.Line($"// The last {rest} {product.RowWords}{(split ? " (in the last part's share)" : "")}.");
                if (split) w.Open($"if (hi == {rows})");
                StripPositions(w, product, rest, arguments);
                if (split) w.Close();
            }
            if (panel < positions) w.Close();
            w.Close();
        }

        /// <summary>Bytes of a source slice that stay in the first-level cache (of 32 KB or more) with the weights read beside it.</summary>
        private const int SourceBudget = 24 * 1024;

        /// <summary>A source this small is read whole by every block of rows: it stays in the second-level cache.</summary>
        private const int WholeSourceBudget = 1024 * 1024;

        /// <summary>
        /// Positions per panel for a source of <paramref name="depth"/> rows: all of them while the source fits
        /// <see cref="WholeSourceBudget"/>, else a multiple of 48 (three 16-lane vectors) within <paramref name="budget"/>.
        /// </summary>
        private static int Panel(int depth, int positions, int budget)
        {
            if ((long)depth * positions * sizeof(float) <= WholeSourceBudget) return positions;
            return Math.Min(positions, Math.Max(48, budget / (depth * sizeof(float)) / 48 * 48));
        }

        /// <summary>Vectors per tile for a block of <paramref name="rows"/>: about 12 sums.</summary>
        private static int RemainderVectors(int rows) => rows >= Rows ? Vectors : rows == 3 ? 4 : 6;

        private static string Plus(int t) => t == 0 ? "" : $" + {t}";

        private static string Lanes(int t) => t == 0 ? "0" : t == 1 ? "V.Count" : $"{t} * V.Count";

        private static string[] Range(int n, Func<int, string> f) => Enumerable.Range(0, n).Select(f).ToArray();
    }
}
