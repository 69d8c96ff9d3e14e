using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// A 3x3 stride-1 convolution without a table or groups as Winograd's F(m x m, 3x3) (<see cref="Layers.ConvStrategy.Winograd"/>),
    /// m = 2 or 4 by <see cref="WinogradRule.Tile"/>: each m x m block of outputs (a tile) is A^T [ (G g G^T) ⊙ (B^T d B) ] A,
    /// summed over input maps, where d is the (m+2)x(m+2) patch of the padded input under the tile and g the 3x3 kernel. The
    /// elementwise product over the (m+2)^2 transform positions is as many matrix products, one per position xi:
    /// M[xi][OutC][tiles] = U[xi][OutC][InC] x V[xi][InC][tiles], run in register tiles like the pointwise products (rows of
    /// output maps x vectors of tiles). Multiplications per output and input map: 4 (F(2x2)) or 2.25 (F(4x4)) instead of 9,
    /// paid for with the three transforms (linear in the maps, not their product).
    /// Per forward call: the padded copy of the input (the backward reads it), the weight transform (not cached: see
    /// <see cref="WinogradRule"/>), the input transform (in registers, V.Count tiles at once), the products, and the
    /// output transform with the bias, the activation and the fused batch norm on the way out. Matrices: F(2x2) as in
    /// Lavin and Gray (2015), points 0, 1, -1 (.Transforms.cs); F(4x4) from points 0, ±1, ±1/2 (<see cref="WinogradMatrices"/>,
    /// .Four.cs). The output differs from the direct sum by float rounding, more for the larger tile (measured in
    /// tests/NetGen.Numerics.Tests/WinogradTests.cs).
    /// Backward: the wide-row kernels (Emit/WideConvEmitter.Backward.cs) for the bias and kernel gradients (they read the
    /// padded input copy and the wide delta scratch); the input gradient of a pad-1 layer as a Winograd convolution of
    /// dE/du with the flipped, transposed kernels (<see cref="Mirror"/>), others on wide rows. Files: this one (entry
    /// points, geometry, scratch), .Transforms.cs (weights; F(2x2) inputs and outputs), .Four.cs, .Tiles.cs (products).
    /// </summary>
    internal static partial class WinogradEmitter
    {
        public const string Weights = "winograd weights", Inputs = "winograd inputs", Products = "winograd products", Rows = "winograd rows",
            GradientSource = "winograd gradient source";

        /// <summary>Output maps x vectors of tiles of a product tile: 12 sums, as the pointwise products.</summary>
        private const int TileRows = 4, TileVectors = 3;

        /// <summary>The tile grid and the scratch pitches of a layer (or of its input gradient's <see cref="Mirror"/>).</summary>
        internal readonly struct Grid
        {
            public Grid(LayerModel l)
            {
                M = WinogradRule.Tile(l);
                Alpha = M + 2;
                Positions = Alpha * Alpha;
                TilesH = (l.OutH + M - 1) / M;
                TilesW = (l.OutW + M - 1) / M;
                Tiles = TilesH * TilesW;
                // A tile row's stores are whole vectors: up to 15 lanes past the last tile land in the pitch's slack.
                Pitch = (int)LayerModel.RoundUp(Tiles + 15L);
                // F(2x2): 4 combined input rows read 2 * 16 floats past the last tile's first column (+2), zeros. F(4x4): the
                // split rows and the output rows (Emit/WinogradEmitter.Four.cs), whole pairs of vectors past either end.
                RowPitch = M == 2 ? (int)LayerModel.RoundUp(2L * TilesW + 2 + 2 * 16 + 2) : (int)LayerModel.RoundUp(4L * TilesW + 2 + 3 * 16);
                RowsLength = (M == 2 ? 4 : FourRows) * RowPitch;
                // One cache line more than the matrices per transform position: the transforms touch all of them at once,
                // and streams a multiple of 4 KB apart share one first-level cache set (measured: the input transform of
                // 64 maps of 28x28 took 84 us at InC * Pitch apart).
                WeightStride = l.OutC * l.InC + 16;
                InputStride = l.InC * Pitch + 16;
                ProductStride = l.OutC * Pitch + 16;
            }

            /// <summary>Outputs per tile side (<see cref="WinogradRule.Tile"/>); Alpha = M + 2 inputs; Positions = Alpha^2 products.</summary>
            public int M { get; }
            public int Alpha { get; }
            public int Positions { get; }
            public int TilesH { get; }
            public int TilesW { get; }
            public int Tiles { get; }
            public int Pitch { get; }
            public int RowPitch { get; }
            /// <summary>Floats of the row buffer.</summary>
            public int RowsLength { get; }
            /// <summary>Floats from V[xi] to V[xi + 1] ([InC][Pitch] each) and from M[xi] to M[xi + 1] ([OutC][Pitch]).</summary>
            public int InputStride { get; }
            /// <summary>Floats from U[xi] to U[xi + 1] ([OutC][InC] each).</summary>
            public int WeightStride { get; }
            public int ProductStride { get; }
        }

        /// <summary>
        /// The scratch: transformed weights [P][OutC][InC], inputs [P][InC][Pitch], products [P][OutC][Pitch], the row buffer;
        /// each as large as the forward's or the input gradient's needs (they run at different times); with the input
        /// gradient on Winograd, the zero-bordered copy of dE/du it reads (a vector pair of slack: the input transform's
        /// loads pass the last row).
        /// </summary>
        public static IEnumerable<Slot> Scratch(LayerModel l)
        {
            var g = new Grid(l);
            long weights = (long)g.Positions * g.WeightStride, inputs = (long)g.Positions * g.InputStride;
            long products = (long)g.Positions * g.ProductStride, rows = g.RowsLength;
            if (WinogradRule.GradientPays(l))
            {
                var mirror = Mirror(l);
                var h = new Grid(mirror);
                weights = Math.Max(weights, (long)h.Positions * h.WeightStride);
                inputs = Math.Max(inputs, (long)h.Positions * h.InputStride);
                products = Math.Max(products, (long)h.Positions * h.ProductStride);
                rows = Math.Max(rows, h.RowsLength);
            }
            yield return new Slot(Weights, weights);
            yield return new Slot(Inputs, inputs);
            yield return new Slot(Products, products);
            yield return new Slot(Rows, rows);
            if (WinogradRule.GradientPays(l))
            {
                var mirror = Mirror(l);
                yield return new Slot(GradientSource, (long)mirror.InC * mirror.PaddedH * mirror.PaddedW + 2 * 16 + 16);
            }
        }

        /// <summary>
        /// The input gradient's convolution (pad 1): dE/dinput[i][y][x] = sum over o, ky, kx of weight[o][i][ky][kx] *
        /// dE/du[o][y + 1 - ky][x + 1 - kx], a correlation of dE/du (padded by 1) with kernels w'[i][o][a][b] =
        /// weight[o][i][2 - a][2 - b]: OutC input maps, InC output maps, no bias, no activation.
        /// </summary>
        internal static LayerModel Mirror(LayerModel l) => l with
        {
            InC = l.OutC, InH = l.OutH, InW = l.OutW, OutC = l.InC, OutH = l.InH, OutW = l.InW,
            Activation = ActivationKind.Identity,
            Parameters = l.Parameters.Where(p => p.Role == Slot.Weight).ToEquatableArray(),
        };

        public static string Describe(LayerModel l)
        {
            var g = new Grid(l);
            return ConvEmitter.Describe(l) + $"; Winograd F({g.M}x{g.M},3x3): {g.Positions} products of {l.OutC}x{l.InC} by {l.InC}x{g.Tiles} tiles";
        }

        /// <summary>The shape in a shared method's name: Winograd_64x56x56_64_ReLU, Winograd4_...</summary>
        private static string ShapeName(LayerModel l) =>
            $"Winograd{(WinogradRule.Tile(l) == 2 ? "" : WinogradRule.Tile(l).ToString())}_{l.InC}x{l.InH}x{l.InW}_{l.OutC}{(l.Pad != 1 ? $"p{l.Pad}" : "")}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}";

        /// <param name="norm">A batch norm to apply on the way out (inference statistics; see Model/Planner.cs), or null.</param>
        public static void EmitForward(SourceWriter w, LayerModel l, LayerModel? norm) =>
            PointwiseConvEmitter.EmitSharedForward(w, l, norm, Describe(l), ShapeName(l), b => ForwardBody(b, l, norm));

        /// <summary>
        /// The backward: the wide-row kernels (Emit/WideConvEmitter.Backward.cs) for the bias and kernel gradients (they
        /// read the padded input the forward left); the input gradient on wide rows too, or (<see cref="WinogradRule.GradientPays"/>)
        /// as a Winograd convolution of dE/du (<see cref="Mirror"/>): the wide backward is then written under another name
        /// and called without propagation (it still undoes the activation in place, so delta holds dE/du after it).
        /// </summary>
        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            string header = $"private void {l.Id}_Backward<V>(bool propagate)";
            string wide = WinogradRule.GradientPays(l) ? SharedMethods.Render(w, b => WideConvEmitter.EmitBackward(b, l)) : "";
            if (!wide.Contains(header))
            {
                WideConvEmitter.EmitBackward(w, l);
                return;
            }
            SharedMethods.Inline(w, wide.Replace(header, $"private void {l.Id}_WideBackward<V>(bool propagate)"));
            w.Line();
            var s = Mirror(l);
            string what = $"{Describe(l)}; dE/dinput as a Winograd F({new Grid(s).M}x{new Grid(s).M},3x3) convolution of dE/du with the flipped, transposed kernels";
            KernelText.BackwardHeader(w, l, what);
            w.Line($"{l.Id}_WideBackward<V>(false);  // undoes the activation (delta: dE/du), adds the bias and kernel gradients");
            w.Line("if (!propagate) return;");
            string body = SharedMethods.Render(w, b => GradientBody(b, l, s));
            SharedMethods.Call(w, l.Name, body, $"{ShapeName(s)}_InputGradient", $"Input gradient of a {Describe(l)}, as Winograd.", "", "");
            w.Close();
            w.Line();
        }

        private static void ForwardBody(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            Constants(w, l);
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][{l.InC}][3][3]", $"[{l.OutC}]", gradients: false);
            ScratchRefs(w, l);
            if (norm is not null)
            {
                w.Line($"ref float normWeight = ref At(_parameters, {norm.WeightOffset}), normBias = ref At(_parameters, {norm.BiasOffset});");
                w.Line($"ref float runningMean = ref At(_state, {norm.StateOffset}), runningVariance = ref At(_state, {norm.StateOffset + norm.OutC});");
                w.Line($"ref float normOutput = ref At(_activations, {norm.OutOffset});  // [{norm.OutC}][{norm.OutH}][{norm.OutW}]");
            }
            // Split (LayerParts, F(2x2) only): the parts pad and transform their share of input maps and transform their
            // share of weights, meet, then multiply and transform out their share of output maps (whole blocks of rows).
            bool split = Planner.SplitsForward(l);
            ConvEmitter.SourceWithPadding(w, l, split);
            Transforms(w, l, norm, gradient: false, split);
        }

        /// <summary>The input gradient as the <see cref="Mirror"/> convolution <paramref name="s"/>: dE/du in, dE/dinput out.</summary>
        private static void GradientBody(SourceWriter w, LayerModel l, LayerModel s)
        {
            Constants(w, s);
            w.Line($"ref float input = ref At(_activationGradients, {l.OutOffset});  // dE/du [{s.InC}][{s.InH}][{s.InW}]");
            w.Line($"ref float output = ref At(_activationGradients, {l.InGradOffset});  // dE/dinput [{s.OutC}][{s.OutH}][{s.OutW}]");
            w.Line($"ref float weight = ref At(_parameters, {l.WeightOffset});  // [{l.OutC}][{l.InC}][3][3]: read flipped and transposed");
            ScratchRefs(w, l);
            w.Line($"ref float source = ref At(_scratch, {l.ScratchAt(GradientSource)});  // [{s.InC}][{s.PaddedH}][{s.PaddedW}]");
            w.Line("// Zero padding: copy dE/du into the middle of the padded buffer, whose border is never written.");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open($"for (int y = 0; y < {s.InH}; y++)");
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref input, (i * {s.InH} + y) * {s.InW}), {s.InW})");
            w.Line($"    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref source, (i * InH + y + 1) * InW + 1), {s.InW}));");
            w.Close();
            w.Close();
            Transforms(w, s, null, gradient: true);
        }

        private static void Constants(SourceWriter w, LayerModel s)
        {
            var g = new Grid(s);
            w.Line($"const int InC = {s.InC}, InH = {s.PaddedH}, InW = {s.PaddedW}, OutC = {s.OutC}, OutH = {s.OutH}, OutW = {s.OutW};  // InH, InW: the padded input");
            w.Line($"const int TH = {g.TilesH}, TW = {g.TilesW}, T = {g.Tiles}, TP = {g.Pitch}, {(g.M == 2 ? $"RW = {g.RowPitch}, " : "")}UX = {g.WeightStride}, VX = {g.InputStride}, MX = {g.ProductStride};  // tiles of {g.M}x{g.M} outputs, their pitch; the row buffer's");
        }

        private static void ScratchRefs(SourceWriter w, LayerModel l)
        {
            int p = new Grid(l).Positions;
            w.Line($"ref float u = ref At(_scratch, {l.ScratchAt(Weights)});  // [positions][OutC][InC] transformed weights G g G^T, UX apart");
            w.Line($"ref float v = ref At(_scratch, {l.ScratchAt(Inputs)});  // [positions][InC][TP] transformed input tiles B^T d B, VX apart");
            w.Line($"ref float m = ref At(_scratch, {l.ScratchAt(Products)});  // [positions][OutC][TP] their products, summed over input maps, MX apart");
            w.Line($"ref float rows = ref At(_scratch, {l.ScratchAt(Rows)});  // the row buffer");
        }

        /// <summary>Weight, input, product and output steps of <paramref name="s"/> (the layer, or its input gradient's mirror).</summary>
        private static void Transforms(SourceWriter w, LayerModel s, LayerModel? norm, bool gradient, bool split = false)
        {
            if (split) LayerParts.Rows(w, s, "OutC", TileRows);
            WeightTransform(w, s, gradient, split);
            if (new Grid(s).M == 2) InputTransform(w, s, split); else InputTransformFour(w, s);
            if (split) w.Line("if (parts > 1) _team!.Sync();");
            ProductLoops(w, s, split);
            if (new Grid(s).M == 2) OutputTransform(w, s, norm, split); else OutputTransformFour(w, s, norm);
        }

        /// <summary>
        /// The products M[xi] = U[xi] x V[xi] over the first T tiles (whole vectors: lanes past T are never read back):
        /// blocks of <see cref="TileRows"/> output maps x <see cref="TileVectors"/> vectors, then single vectors, a
        /// smaller block for the last maps.
        /// </summary>
        private static void ProductLoops(SourceWriter w, LayerModel l, bool split)
        {
            w.Line($"// M[xi][o][t] = sum over i of U[xi][o][i] * V[xi][i][t]: blocks of {TileRows} output maps x vectors of tiles.");
            w.Line("int lanes = (T + V.Count - 1) / V.Count * V.Count;  // whole vectors of tiles (within the pitch)");
            w.Open($"for (int xi = 0; xi < {new Grid(l).Positions}; xi++)");
            w.Line("ref float ux = ref Unsafe.Add(ref u, xi * UX);");
            w.Line("ref float vx = ref Unsafe.Add(ref v, xi * VX);");
            w.Line("ref float mx = ref Unsafe.Add(ref m, xi * MX);");
            w.Line(split ? "int r = lo;" : "int r = 0;");
            w.Open($"for (; r <= {(split ? "hi" : "OutC")} - {TileRows}; r += {TileRows})");
            Positions(w, l, TileRows);
            w.Close();
            int rest = l.OutC % TileRows;
            if (rest > 0)
            {
                w.Open(split ? "if (hi == OutC)" : null);
                w.Line($"// The last {rest} output maps.");
                Positions(w, l, rest);
                w.Close();
            }
            w.Close();
        }

        private static void Positions(SourceWriter w, LayerModel l, int rows)
        {
            int vectors = rows == TileRows ? TileVectors : rows == 3 ? 4 : 6;
            w.Line("int q = 0;");
            w.Line($"for (; q <= lanes - {vectors} * V.Count; q += {vectors} * V.Count)");
            w.Line($"    {TileMethod(w, l, rows, vectors)}<V>(r, q, ref vx, ref ux, ref mx);");
            w.Line("for (; q < lanes; q += V.Count)");
            w.Line($"    {TileMethod(w, l, rows, 1)}<V>(r, q, ref vx, ref ux, ref mx);");
        }
    }
}
