using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// A 3x3 stride-1 convolution without a table or groups as Winograd's F(2x2, 3x3) (<see cref="Layers.ConvStrategy.Winograd"/>):
    /// each 2x2 block of outputs (a tile) is A^T [ (G g G^T) ⊙ (B^T d B) ] A, summed over input maps, where d is the 4x4 patch of
    /// the padded input under the tile and g the 3x3 kernel. The elementwise product over the 16 transform positions is
    /// 16 matrix products, one per position xi: M[xi][OutC][tiles] = U[xi][OutC][InC] x V[xi][InC][tiles], run in register
    /// tiles like the pointwise products (rows of output maps x vectors of tiles). 4 multiplications per output and input
    /// map instead of 9: 2.25x fewer, paid for with the three transforms (linear in the maps, not their product).
    /// Per forward call: the padded copy of the input (the backward reads it), the weight transform (weights change every
    /// training step; no parameter version exists to cache against), the input transform (in registers, V.Count tiles at
    /// once from de-interleaving loads of the padded rows), the products, and the output transform with
    /// the bias, the activation and the fused batch norm on the way out. Matrices B, G, A as in Lavin and Gray (2015),
    /// with interpolation points 0, 1, -1: the output differs from the direct sum only by float rounding (the transforms
    /// add a few additions per term: measured in tests/NetGen.Numerics.Tests/WinogradTests.cs).
    /// Backward: the wide-row kernels (Emit/WideConvEmitter.Backward.cs), which read the padded input copy and the wide
    /// delta scratch. Files: this one (entry points, geometry, scratch), .Transforms.cs, .Tiles.cs.
    /// </summary>
    internal static partial class WinogradEmitter
    {
        public const string Weights = "winograd weights", Inputs = "winograd inputs", Products = "winograd products", Rows = "winograd rows";

        /// <summary>Output maps x vectors of tiles of a product tile: 12 sums, as the pointwise products.</summary>
        private const int TileRows = 4, TileVectors = 3;

        /// <summary>The tile grid and the scratch pitches of a layer.</summary>
        internal readonly struct Grid
        {
            public Grid(LayerModel l)
            {
                TilesH = (l.OutH + 1) / 2;
                TilesW = (l.OutW + 1) / 2;
                Tiles = TilesH * TilesW;
                // A tile row's stores are whole vectors: up to 15 lanes past the last tile land in the pitch's slack.
                Pitch = (int)LayerModel.RoundUp(Tiles + 15L);
                // The row buffer: 4 combined input rows read 2 * 16 floats past the last tile's first column (+2), zeros.
                RowPitch = (int)LayerModel.RoundUp(2L * TilesW + 2 + 2 * 16 + 2);
                // One cache line more than the matrices per transform position: the transforms touch all 16 at once, and
                // 16 streams a multiple of 4 KB apart share one first-level cache set (measured: the input transform of
                // 64 maps of 28x28 took 84 us at InC * Pitch apart).
                WeightStride = l.OutC * l.InC + 16;
                InputStride = l.InC * Pitch + 16;
                ProductStride = l.OutC * Pitch + 16;
            }

            public int TilesH { get; }
            public int TilesW { get; }
            public int Tiles { get; }
            public int Pitch { get; }
            public int RowPitch { get; }
            /// <summary>Floats from V[xi] to V[xi + 1] ([InC][Pitch] each) and from M[xi] to M[xi + 1] ([OutC][Pitch]).</summary>
            public int InputStride { get; }
            /// <summary>Floats from U[xi] to U[xi + 1] ([OutC][InC] each).</summary>
            public int WeightStride { get; }
            public int ProductStride { get; }
        }

        /// <summary>The scratch: transformed weights [16][OutC][InC], inputs [16][InC][Pitch], products [16][OutC][Pitch], row buffer [4][RowPitch].</summary>
        public static IEnumerable<Slot> Scratch(LayerModel l)
        {
            var g = new Grid(l);
            yield return new Slot(Weights, 16L * g.WeightStride);
            yield return new Slot(Inputs, 16L * g.InputStride);
            yield return new Slot(Products, 16L * g.ProductStride);
            yield return new Slot(Rows, 4L * g.RowPitch);
        }

        public static string Describe(LayerModel l) =>
            ConvEmitter.Describe(l) + $"; Winograd F(2x2,3x3): 16 products of {l.OutC}x{l.InC} by {l.InC}x{new Grid(l).Tiles} tiles";

        /// <summary>The shape in a shared method's name: Winograd_64x56x56_64_ReLU.</summary>
        private static string ShapeName(LayerModel l) =>
            $"Winograd_{l.InC}x{l.InH}x{l.InW}_{l.OutC}{(l.Pad != 1 ? $"p{l.Pad}" : "")}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}";

        /// <param name="norm">A batch norm to apply on the way out (inference statistics; see Model/Planner.cs), or null.</param>
        public static void EmitForward(SourceWriter w, LayerModel l, LayerModel? norm) =>
            PointwiseConvEmitter.EmitSharedForward(w, l, norm, Describe(l), ShapeName(l), b => ForwardBody(b, l, norm));

        /// <summary>The backward on wide rows: the forward left the padded input where they read it.</summary>
        public static void EmitBackward(SourceWriter w, LayerModel l) => WideConvEmitter.EmitBackward(w, l);

        private static void ForwardBody(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            var g = new Grid(l);
            w.Line($"const int InC = {l.InC}, InH = {l.PaddedH}, InW = {l.PaddedW}, OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW};  // InH, InW: the padded input");
            w.Line($"const int TH = {g.TilesH}, TW = {g.TilesW}, T = {g.Tiles}, TP = {g.Pitch}, RW = {g.RowPitch}, UX = {g.WeightStride}, VX = {g.InputStride}, MX = {g.ProductStride};  // tiles of 2x2 outputs, their pitch; the row buffer's");
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][{l.InC}][3][3]", $"[{l.OutC}]", gradients: false);
            w.Line($"ref float u = ref At(_scratch, {l.ScratchAt(Weights)});  // [16][OutC][InC] transformed weights G g G^T, UX apart");
            w.Line($"ref float v = ref At(_scratch, {l.ScratchAt(Inputs)});  // [16][InC][TP] transformed input tiles B^T d B, VX apart");
            w.Line($"ref float m = ref At(_scratch, {l.ScratchAt(Products)});  // [16][OutC][TP] their products, summed over input maps, MX apart");
            w.Line($"ref float rows = ref At(_scratch, {l.ScratchAt(Rows)});  // [4][RW] the last tile rows: output rows, batch norm rows");
            if (norm is not null)
            {
                w.Line($"ref float normWeight = ref At(_parameters, {norm.WeightOffset}), normBias = ref At(_parameters, {norm.BiasOffset});");
                w.Line($"ref float runningMean = ref At(_state, {norm.StateOffset}), runningVariance = ref At(_state, {norm.StateOffset + norm.OutC});");
                w.Line($"ref float normOutput = ref At(_activations, {norm.OutOffset});  // [{norm.OutC}][{norm.OutH}][{norm.OutW}]");
            }
            ConvEmitter.SourceWithPadding(w, l);
            WeightTransform(w, l);
            InputTransform(w, l);
            ProductLoops(w, l);
            OutputTransform(w, l, norm);
        }

        /// <summary>
        /// The 16 products M[xi] = U[xi] x V[xi] over the first T tiles (whole vectors: lanes past T are never read back):
        /// blocks of <see cref="TileRows"/> output maps x <see cref="TileVectors"/> vectors, then single vectors, a
        /// smaller block for the last maps.
        /// </summary>
        private static void ProductLoops(SourceWriter w, LayerModel l)
        {
            w.Line($"// M[xi][o][t] = sum over i of U[xi][o][i] * V[xi][i][t]: blocks of {TileRows} output maps x vectors of tiles.");
            w.Line("int lanes = (T + V.Count - 1) / V.Count * V.Count;  // whole vectors of tiles (within the pitch)");
            w.Open("for (int xi = 0; xi < 16; xi++)");
            w.Line("ref float ux = ref Unsafe.Add(ref u, xi * UX);");
            w.Line("ref float vx = ref Unsafe.Add(ref v, xi * VX);");
            w.Line("ref float mx = ref Unsafe.Add(ref m, xi * MX);");
            w.Line("int r = 0;");
            w.Open($"for (; r <= OutC - {TileRows}; r += {TileRows})");
            Positions(w, l, TileRows);
            w.Close();
            int rest = l.OutC % TileRows;
            if (rest > 0)
            {
                w.Open();
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
