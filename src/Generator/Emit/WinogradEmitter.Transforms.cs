using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Winograd convolutions: the weight transform (any tile), the input and output transforms of F(2x2, 3x3) with
    /// G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1], B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], A^T = [1 1 1 0; 0 1 -1 -1]
    /// (a correlation, as PyTorch's and ONNX's Conv: y0 = d0 g0 + d1 g1 + d2 g2, y1 = d1 g0 + d2 g1 + d3 g2).
    /// Transform position xi = 4 r + c is row r, column c of the 4x4 transformed tile.
    /// </summary>
    internal static partial class WinogradEmitter
    {
        /// <summary>
        /// A transform's inner step as a shared static method of its own (as the product tiles: a method holding every
        /// transform would exceed the JIT's inlining budget and leave the lane operations as calls). Returns its name.
        /// </summary>
        private static string Method(SourceWriter w, LayerModel l, string name, string summary, string parameters, Action<SourceWriter> body)
        {
            string text = SharedMethods.Render(w, b =>
            {
                b.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
                b.Open($"private static void {SharedMethods.NameToken}<L>({parameters}) where L : unmanaged, IVec<L>");
                body(b);
                b.Close();
            });
            return w.Shared.Use(name, summary, text, l.Name);
        }

        /// <summary>
        /// U[xi][o][i] = (G g G^T)[xi] (any tile: <see cref="WinogradMatrices"/>), vectorized across input maps (strided
        /// loads of the 9 taps), then one map at a time. For the input gradient's mirror (<paramref name="gradient"/>), g is
        /// the layer's kernel [i][o] (maps swapped: OutC * 9 floats between consecutive input maps of the mirror) read
        /// flipped (tap 8 - t).
        /// </summary>
        private static void WeightTransform(SourceWriter w, LayerModel l, bool gradient, bool split = false)
        {
            var grid = new Grid(l);
            string lanes = Method(w, l, $"Winograd{(grid.M == 2 ? "" : grid.M.ToString())}_{l.OutC}x{l.InC}{(gradient ? "_Flipped" : "")}_WeightTransform",
                $"Winograd F({grid.M}x{grid.M},3x3) weight transform U = G g G^T of L.Count input maps from g (weights [..][3][3]{(gradient ? ", flipped, input maps " + l.OutC * 9 + " floats apart" : "")}) of a {l.OutC}x{l.InC} map convolution, to U[xi][o][i] from to.",
                "ref float g, ref float to", b => WeightLanes(b, l, gradient));
            string at = gradient ? "(i * OutC + o) * 9" : "(o * InC + i) * 9";
            w.Line($"// Weight transform U = G g G^T for every (output, input) map pair{(gradient ? " of the flipped, transposed kernels" : "")}: vectors of input maps, then one at a time.");
            w.Open(split ? "for (int o = lo; o < hi; o++)" : "for (int o = 0; o < OutC; o++)");
            w.Line("int i = 0;");
            w.Line("for (; i <= InC - V.Count; i += V.Count)");
            w.Line($"    {lanes}<V>(ref Unsafe.Add(ref weight, {at}), ref Unsafe.Add(ref u, o * InC + i));");
            w.Line("for (; i < InC; i++)");
            w.Line($"    {lanes}<Scalar>(ref Unsafe.Add(ref weight, {at}), ref Unsafe.Add(ref u, o * InC + i));");
            w.Close();
        }

        private static void WeightLanes(SourceWriter w, LayerModel l, bool gradient)
        {
            var grid = new Grid(l);
            var x = WinogradMatrices.For(grid.M);
            w.Line($"const int Xi = {grid.WeightStride};  // U[xi] is at xi * Xi");
            int stride = gradient ? l.OutC * 9 : 9;
            w.Line("L " + string.Join(", ", Numbers(9, t => $"g{t} = L.LoadStrided(ref {(t == (gradient ? 8 : 0) ? "g" : $"Unsafe.Add(ref g, {(gradient ? 8 - t : t)})")}, {stride})")) + ";");
            w.Line("// a = G g, column by column of the kernel.");
            for (int c = 0; c < 3; c++)
                WinogradMatrices.Apply(w, x.G, k => $"g{3 * k + c}", r => $"a{r}_{c}");
            w.Line("// U = a G^T, row by row.");
            for (int r = 0; r < grid.Alpha; r++)
            {
                WinogradMatrices.Apply(w, x.G, c => $"a{r}_{c}", k => $"u{r}_{k}");
                for (int k = 0; k < grid.Alpha; k++)
                    w.Line($"L.Store(u{r}_{k}, ref {(r == 0 && k == 0 ? "to" : $"Unsafe.Add(ref to, {grid.Alpha * r + k} * Xi)")});");
            }
        }

        /// <summary>
        /// V[xi][i][t] = (B^T d B)[xi] for every input map and tile, in registers: per tile row, each of its 4 padded input
        /// rows is read de-interleaved (tile tx's columns 2tx .. 2tx + 3, V.Count tiles at once), combined down the rows
        /// (B^T on the left) and across (B on the right). A tile row's loads and stores are whole vectors: lanes past its
        /// last tile read past the row (into the next rows or the buffers' slack, at most 2 V.Count + 2 floats past the
        /// map) and store onto the next tile row's tiles (written next) or into the pitch's slack; they are never read back
        /// into a valid tile. An odd-width output's last tile reads one column past its row: it feeds only that tile's
        /// second output column, which is discarded (y0 = m0 + m1 + m2 never sees column 3).
        /// </summary>
        private static void InputTransform(SourceWriter w, LayerModel l, bool split = false)
        {
            var g = new Grid(l);
            string tiles = Method(w, l, $"Winograd_{l.PaddedW}x{g.TilesW}x{g.InputStride}_InputTiles",
                $"Winograd F(2x2,3x3) input transform B^T d B for the {g.TilesW} tiles of a tile row whose first input row is at d (rows {l.PaddedW} apart; the fourth zeros unless four), to V[xi][i][t] from to (xi {g.InputStride} apart).",
                "ref float d, bool four, ref float to", b => InputTiles(b, l));
            w.Line("// Input transform V = B^T d B, by input map and tile row; the fourth input row of an odd OutH's last tile row is zeros.");
            w.Open(split ? "for (int i = copyFrom; i < copyTo; i++)" : "for (int i = 0; i < InC; i++)");
            w.Line("for (int ty = 0; ty < TH; ty++)");
            w.Line($"    {tiles}<V>(ref Unsafe.Add(ref source, (i * InH + 2 * ty) * InW), 2 * ty + 3 < InH, ref Unsafe.Add(ref v, i * TP + ty * TW));");
            w.Close();
        }

        private static void InputTiles(SourceWriter w, LayerModel l)
        {
            var g = new Grid(l);
            w.Line($"const int InW = {l.PaddedW}, TW = {g.TilesW}, Xi = {g.InputStride};  // V[xi] is at xi * Xi");
            w.Open("for (int tx = 0; tx < TW; tx += L.Count)");
            w.Line("// d{row}{column}: the tiles' 4x4 input patches, column c of tile t at 2t + c.");
            for (int r = 0; r < 4; r++)
            {
                string at = r == 0 ? "2 * tx" : $"{(r == 1 ? "" : $"{r} * ")}InW + 2 * tx";
                if (r == 3)
                {
                    w.Line("L d30 = L.Zero, d31 = L.Zero, d32 = L.Zero, d33 = L.Zero;");
                    w.Open("if (four)");
                    w.Line($"L.LoadDeinterleaved(ref Unsafe.Add(ref d, {at}), out d30, out d31);");
                    w.Line($"L.LoadDeinterleaved(ref Unsafe.Add(ref d, {at} + 2), out d32, out d33);");
                    w.Close();
                    continue;
                }
                w.Line($"L.LoadDeinterleaved(ref Unsafe.Add(ref d, {at}), out L d{r}0, out L d{r}1);");
                w.Line($"L.LoadDeinterleaved(ref Unsafe.Add(ref d, {at} + 2), out L d{r}2, out L d{r}3);");
            }
            w.Line("// Down the rows: t0 = d0 - d2, t1 = d1 + d2, t2 = d2 - d1, t3 = d1 - d3, column by column.");
            for (int c = 0; c < 4; c++)
                w.Line($"L t0{c} = d0{c} - d2{c}, t1{c} = d1{c} + d2{c}, t2{c} = d2{c} - d1{c}, t3{c} = d1{c} - d3{c};");
            w.Line("// Across: V[4j + 0..3] = t_j0 - t_j2, t_j1 + t_j2, t_j2 - t_j1, t_j1 - t_j3.");
            for (int j = 0; j < 4; j++)
            {
                string[] values = { $"t{j}0 - t{j}2", $"t{j}1 + t{j}2", $"t{j}2 - t{j}1", $"t{j}1 - t{j}3" };
                for (int c = 0; c < 4; c++)
                    w.Line($"L.Store({values[c]}, ref Unsafe.Add(ref to, {(4 * j + c == 0 ? "" : $"{4 * j + c} * Xi + ")}tx));");
            }
            w.Close();
        }

        /// <summary>
        /// output = f(A^T M A + bias) per output map and tile row, in registers, the fused batch norm's output beside it: the
        /// two output rows of a tile row are stored interleaved (outputs 2tx and 2tx + 1), whole vectors. Lanes past a row's
        /// last tile (and an odd width's column past the row, an odd height's row past the map) land on later rows, written
        /// after (rows go in order); only the last rows, whose stores would leave the tensor, go through the row buffer and
        /// are copied out.
        /// </summary>
        /// <param name="split">Only output maps [lo, hi); rows whose stores would reach the next part's maps go through a
        /// row buffer of this part's own, on the stack (the same stores, so the same floats).</param>
        private static void OutputTransform(SourceWriter w, LayerModel l, LayerModel? norm, bool split = false)
        {
            var g = new Grid(l);
            string normParameters = norm is null ? "" : ", ref float z0, ref float z1, float scale, float shift, bool fuse";
            string tiles = Method(w, l, $"Winograd_{g.TilesW}x{g.ProductStride}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}{(norm is null ? "" : "_Norm" + norm.Activation)}_OutputTiles",
                $"Winograd F(2x2,3x3) output transform {l.Activation}(A^T M A + b) for the {g.TilesW} tiles of a tile row from M[xi][o][t] at at (xi {g.ProductStride} apart), its two output rows to y0 and y1{(norm is null ? "" : $", and the batch norm's ({norm.Activation}) to z0 and z1 while fuse")}.",
                $"ref float at, ref float y0, ref float y1, float b{normParameters}", b => OutputTiles(b, l, norm));
            w.Line("// Output transform Y = A^T M A, the bias, the activation and any fused batch norm, by output map and tile row.");
            if (norm is not null)
            {
                BatchNormEmitter.RunningScaleShift(w, norm);
                w.Line("bool fuse = !(Training && BatchNormSync is not null);  // batch statistics: the batch norm makes its own pass");
            }
            if (split)
            {
                w.Line("int safe = hi * OutH * OutW - 2 * ((TW - 1) / V.Count * V.Count + V.Count);  // rows starting up to here store in place");
                w.Line($"Span<float> partRows = stackalloc float[{g.RowsLength}];  // the scratch row buffer is shared");
                w.Line("ref float own = ref MemoryMarshal.GetReference(partRows);");
            }
            else
            {
                w.Line("int safe = OutC * OutH * OutW - 2 * ((TW - 1) / V.Count * V.Count + V.Count);  // rows starting up to here store in place");
            }
            w.Open(split ? "for (int o = lo; o < hi; o++)" : "for (int o = 0; o < OutC; o++)");
            w.Line(l.BiasCount > 0 ? "float b = Unsafe.Add(ref bias, o);" : "const float b = 0f;");
            string normArguments(string z0, string z1) => norm is null ? "" : $", ref {z0}, ref {z1}, normScale[o], normShift[o], fuse";
            w.Open("for (int ty = 0; ty < TH; ty++)");
            w.Line("int row = o * OutH + 2 * ty;");
            w.Line("ref float at = ref Unsafe.Add(ref m, o * TP + ty * TW);");
            w.Open("if ((row + 1) * OutW <= safe)");
            w.Line($"{tiles}<V>(ref at, ref Unsafe.Add(ref output, row * OutW), ref Unsafe.Add(ref output, (row + 1) * OutW), b"
                + normArguments("Unsafe.Add(ref normOutput, row * OutW)", "Unsafe.Add(ref normOutput, (row + 1) * OutW)") + ");");
            w.Close();
            w.Open("else");
            w.Line("// The last rows: through the row buffer ([4][RW]: the two output rows, the two batch norm rows).");
            string buffer = split ? "own" : "rows";
            w.Line($"{tiles}<V>(ref at, ref {buffer}, ref Unsafe.Add(ref {buffer}, RW), b" + normArguments($"Unsafe.Add(ref {buffer}, 2 * RW)", $"Unsafe.Add(ref {buffer}, 3 * RW)") + ");");
            w.Open("for (int a = 0; a < 2 && 2 * ty + a < OutH; a++)");
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref {buffer}, a * RW), OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output, (row + a) * OutW), OutW));");
            if (norm is not null)
                w.Line($"if (fuse) MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref {buffer}, (2 + a) * RW), OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref normOutput, (row + a) * OutW), OutW));");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        private static void OutputTiles(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            var g = new Grid(l);
            w.Line($"const int TW = {g.TilesW}, Xi = {g.ProductStride};  // M[xi] is at xi * Xi");
            w.Line("L bias = L.Create(b);");
            if (norm is not null) w.Line("L normScale = L.Create(scale), normShift = L.Create(shift);");
            string f(string u) => KernelText.Activate(l.Activation, u);
            w.Line("// Down the rows: row 0 from p = m0 + m1 + m2, row 1 from n = m1 - m2 - m3; then across, the same: outputs 2tx, 2tx + 1.");
            w.Line("// Row 0 first, then row 1: lanes past row 0's last tile spill onto row 1, which must be stored after them.");
            for (int a = 0; a < 2; a++)
            {
                w.Open("for (int tx = 0; tx < TW; tx += L.Count)");
                int first = a == 0 ? 0 : 4;
                w.Line("L " + string.Join(", ", Numbers(12, k => $"m{first + k} = L.Load(ref Unsafe.Add(ref at, {(first + k == 0 ? "tx" : $"{first + k} * Xi + tx")}))")) + ";");
                w.Line("L " + string.Join(", ", Numbers(4, c => a == 0 ? $"s{c} = m{c} + m{4 + c} + m{8 + c}" : $"s{c} = m{4 + c} - m{8 + c} - m{12 + c}")) + ";");
                w.Line($"L e = {f("s0 + s1 + s2 + bias")}, o = {f("s1 - s2 - s3 + bias")};");
                w.Line($"L.StoreInterleaved(e, o, ref Unsafe.Add(ref y{a}, 2 * tx));");
                if (norm is not null)
                {
                    string n(string y) => KernelText.Activate(norm.Activation, $"L.MultiplyAdd({y}, normScale, normShift)");
                    w.Line($"if (fuse) L.StoreInterleaved({n("e")}, {n("o")}, ref Unsafe.Add(ref z{a}, 2 * tx));");
                }
                w.Close();
            }
        }

        private static string[] Numbers(int n, Func<int, string> f)
        {
            var items = new string[n];
            for (int i = 0; i < n; i++) items[i] = f(i);
            return items;
        }
    }
}
