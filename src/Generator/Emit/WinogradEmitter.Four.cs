using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Winograd convolutions: the input and output transforms of F(4x4, 3x3) (6x6 input tiles, 36 products per 16
    /// outputs; the matrices of <see cref="WinogradMatrices.Four"/>). Tile tx of a tile row reads input columns
    /// 4tx .. 4tx + 5: each padded input row is first split into its four column phases (x % 4 at x / 4, two rounds of
    /// de-interleaving loads through the row buffer), so V.Count tiles' column c is one load, phase c % 4 from tx + c / 4.
    /// The outputs go the other way: a tile row's four output columns are interleaved twice into the row buffer, then
    /// copied out (only the valid rows and columns). The row buffer holds 24 split rows (6 input rows x 4 phases) and 2
    /// half rows; the output side reuses it (4 output rows, 8 half rows, 4 batch norm rows).
    /// </summary>
    internal static partial class WinogradEmitter
    {
        /// <summary>Rows of the F(4x4) row buffer, in row pitches.</summary>
        private const int FourRows = 26;

        /// <summary>
        /// V[xi][i][t] = (B^T d B)[xi] per input map and tile row. Input rows past the padded map (an OutH that is not a
        /// multiple of 4) and columns past a row (likewise OutW) are zeros, not the next row's values: F(4x4)'s transforms
        /// mix every input column into every output, and only exact zeros leave the kept outputs untouched.
        /// </summary>
        private static void InputTransformFour(SourceWriter w, LayerModel l)
        {
            var g = new Grid(l);
            string tiles = Method(w, l, $"Winograd4_{l.PaddedW}x{g.TilesW}x{g.InputStride}_InputTiles",
                $"Winograd F(4x4,3x3) input transform B^T d B for the {g.TilesW} tiles of a tile row whose first input row is at d (rows {l.PaddedW} apart, available of them in the map), split into phases in split, to V[xi][i][t] from to (xi {g.InputStride} apart).",
                "ref float d, int available, ref float split, ref float to", b => InputTilesFour(b, l));
            w.Line("// Input transform V = B^T d B, by input map and tile row (6 input rows from row 4 ty; those past the map are zeros).");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line("for (int ty = 0; ty < TH; ty++)");
            w.Line($"    {tiles}<V>(ref Unsafe.Add(ref source, (i * InH + 4 * ty) * InW), InH - 4 * ty, ref rows, ref Unsafe.Add(ref v, i * TP + ty * TW));");
            w.Close();
        }

        private static void InputTilesFour(SourceWriter w, LayerModel l)
        {
            var g = new Grid(l);
            var x = WinogradMatrices.Four;
            w.Line($"const int InW = {l.PaddedW}, TW = {g.TilesW}, Xi = {g.InputStride}, RW = {g.RowPitch};  // V[xi] is at xi * Xi; split row r, phase p at (4 r + p) * RW");
            w.Line("ref float e = ref Unsafe.Add(ref split, 24 * RW), o = ref Unsafe.Add(ref split, 25 * RW);  // a row's even and odd columns");
            w.Open("for (int r = 0; r < 6; r++)");
            w.Line("ref float p0 = ref Unsafe.Add(ref split, 4 * r * RW), p1 = ref Unsafe.Add(ref p0, RW), p2 = ref Unsafe.Add(ref p0, 2 * RW), p3 = ref Unsafe.Add(ref p0, 3 * RW);");
            w.Open("if (r >= available)");
            w.Line("MemoryMarshal.CreateSpan(ref p0, 4 * RW).Clear();");
            w.Line("continue;");
            w.Close();
            w.Line("ref float row = ref Unsafe.Add(ref d, r * InW);");
            w.Open("for (int x = 0; x < InW; x += 2 * L.Count)");
            w.Line("L.LoadDeinterleaved(ref Unsafe.Add(ref row, x), out L even, out L odd);");
            w.Line("L.Store(even, ref Unsafe.Add(ref e, x / 2));");
            w.Line("L.Store(odd, ref Unsafe.Add(ref o, x / 2));");
            w.Close();
            w.Open("for (int x = 0; x < (InW + 1) / 2; x += 2 * L.Count)");
            w.Line("L.LoadDeinterleaved(ref Unsafe.Add(ref e, x), out L q0, out L q2);");
            w.Line("L.LoadDeinterleaved(ref Unsafe.Add(ref o, x), out L q1, out L q3);");
            w.Line("L.Store(q0, ref Unsafe.Add(ref p0, x / 2));");
            w.Line("L.Store(q1, ref Unsafe.Add(ref p1, x / 2));");
            w.Line("L.Store(q2, ref Unsafe.Add(ref p2, x / 2));");
            w.Line("L.Store(q3, ref Unsafe.Add(ref p3, x / 2));");
            w.Close();
            w.Line("for (int c = InW; c < 4 * TW + 2; c++) Unsafe.Add(ref split, (4 * r + (c & 3)) * RW + (c >> 2)) = 0f;  // the last tile's columns past the row");
            w.Close();
            w.Open("for (int tx = 0; tx < TW; tx += L.Count)");
            w.Line("// Down the rows (B^T on the left), column by column: column c of tile t is phase c % 4 at t + c / 4.");
            for (int c = 0; c < 6; c++)
            {
                w.Line("L " + string.Join(", ", Numbers(6, r => $"d{r}_{c} = L.Load(ref Unsafe.Add(ref split, {(4 * r + c % 4)} * RW + tx{(c >= 4 ? " + 1" : "")}))")) + ";");
                WinogradMatrices.Apply(w, x.BT, r => $"d{r}_{c}", j => $"t{j}_{c}");
            }
            w.Line("// Across (B on the right), row by row.");
            for (int j = 0; j < 6; j++)
            {
                WinogradMatrices.Apply(w, x.BT, c => $"t{j}_{c}", k => $"v{j}_{k}");
                for (int k = 0; k < 6; k++)
                    w.Line($"L.Store(v{j}_{k}, ref Unsafe.Add(ref to, {(6 * j + k == 0 ? "" : $"{6 * j + k} * Xi + ")}tx));");
            }
            w.Close();
        }

        /// <summary>
        /// output = f(A^T M A + bias) per output map and tile row, through the row buffer (whole vectors land in its slack,
        /// only OutW columns of the valid rows are copied out), the fused batch norm's output from the copied rows.
        /// </summary>
        private static void OutputTransformFour(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            var g = new Grid(l);
            string normParameters = norm is null ? "" : ", ref float z, float scale, float shift, bool fuse";
            string tiles = Method(w, l, $"Winograd4_{g.TilesW}x{g.ProductStride}x{l.OutW}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}{(norm is null ? "" : "_Norm" + norm.Activation)}_OutputTiles",
                $"Winograd F(4x4,3x3) output transform {l.Activation}(A^T M A + b) for the {g.TilesW} tiles of a tile row from M[xi][o][t] at at (xi {g.ProductStride} apart), through the row buffer rows, its first count output rows to y ({l.OutW} apart){(norm is null ? "" : $", and the batch norm's ({norm.Activation}) to z while fuse")}.",
                $"ref float at, ref float rows, ref float y, int count, float b{normParameters}", b => OutputTilesFour(b, l, norm));
            w.Line("// Output transform Y = A^T M A, the bias, the activation and any fused batch norm, by output map and tile row.");
            if (norm is not null)
            {
                BatchNormEmitter.RunningScaleShift(w, norm);
                w.Line("bool fuse = !(Training && BatchNormSync is not null);  // batch statistics: the batch norm makes its own pass");
            }
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line(l.BiasCount > 0 ? "float b = Unsafe.Add(ref bias, o);" : "const float b = 0f;");
            w.Open("for (int ty = 0; ty < TH; ty++)");
            w.Line("int row = o * OutH + 4 * ty;");
            w.Line($"{tiles}<V>(ref Unsafe.Add(ref m, o * TP + ty * TW), ref rows, ref Unsafe.Add(ref output, row * OutW), Math.Min(4, OutH - 4 * ty), b"
                + (norm is null ? "" : ", ref Unsafe.Add(ref normOutput, row * OutW), normScale[o], normShift[o], fuse") + ");");
            w.Close();
            w.Close();
        }

        private static void OutputTilesFour(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            var g = new Grid(l);
            var x = WinogradMatrices.Four;
            w.Line($"const int TW = {g.TilesW}, Xi = {g.ProductStride}, RW = {g.RowPitch}, OutW = {l.OutW};  // M[xi] is at xi * Xi");
            w.Line("L bias = L.Create(b);");
            string f(string u) => KernelText.Activate(l.Activation, u);
            w.Open("for (int tx = 0; tx < TW; tx += L.Count)");
            w.Line("// Down the rows (A^T on the left), column by column; then across, row by row.");
            for (int c = 0; c < 6; c++)
            {
                w.Line("L " + string.Join(", ", Numbers(6, r => $"m{r}_{c} = L.Load(ref Unsafe.Add(ref at, {(6 * r + c == 0 ? "" : $"{6 * r + c} * Xi + ")}tx))")) + ";");
                WinogradMatrices.Apply(w, x.AT, r => $"m{r}_{c}", i => $"s{i}_{c}");
            }
            for (int i = 0; i < 4; i++)
            {
                WinogradMatrices.Apply(w, x.AT, c => $"s{i}_{c}", j => $"y{i}_{j}");
                w.Line("L " + string.Join(", ", Numbers(4, j => $"f{i}_{j} = {f($"y{i}_{j} + bias")}")) + ";");
                w.Line($"L.StoreInterleaved(f{i}_0, f{i}_2, ref Unsafe.Add(ref rows, {4 + 2 * i} * RW + 2 * tx));  // columns 4t, 4t + 2: the even ones");
                w.Line($"L.StoreInterleaved(f{i}_1, f{i}_3, ref Unsafe.Add(ref rows, {5 + 2 * i} * RW + 2 * tx));  // 4t + 1, 4t + 3: the odd ones");
            }
            w.Close();
            w.Open("for (int a = 0; a < count; a++)");
            w.Line("ref float even = ref Unsafe.Add(ref rows, (4 + 2 * a) * RW), odd = ref Unsafe.Add(ref even, RW), whole = ref Unsafe.Add(ref rows, a * RW);");
            w.Line("for (int c = 0; c < 2 * TW; c += L.Count)");
            w.Line("    L.StoreInterleaved(L.Load(ref Unsafe.Add(ref even, c)), L.Load(ref Unsafe.Add(ref odd, c)), ref Unsafe.Add(ref whole, 2 * c));");
            w.Line("MemoryMarshal.CreateReadOnlySpan(ref whole, OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref y, a * OutW), OutW));");
            if (norm is not null)
            {
                w.Open("if (fuse)");
                w.Line("L normScale = L.Create(scale), normShift = L.Create(shift);");
                w.Line("ref float normal = ref Unsafe.Add(ref rows, (12 + a) * RW);");
                w.Line("for (int c = 0; c < OutW; c += L.Count)");
                w.Line($"    L.Store({KernelText.Activate(norm.Activation, "L.MultiplyAdd(L.Load(ref Unsafe.Add(ref whole, c)), normScale, normShift)")}, ref Unsafe.Add(ref normal, c));");
                w.Line("MemoryMarshal.CreateReadOnlySpan(ref normal, OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref z, a * OutW), OutW));");
                w.Close();
            }
            w.Close();
        }
    }
}
