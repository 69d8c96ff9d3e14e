using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Winograd convolutions: the weight, input and output transforms of F(2x2, 3x3) with
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

        /// <summary>U[xi][o][i] = (G g G^T)[xi], vectorized across input maps (strided loads of the 9 taps), then one map at a time.</summary>
        private static void WeightTransform(SourceWriter w, LayerModel l)
        {
            string lanes = Method(w, l, $"Winograd_{l.OutC}x{l.InC}_WeightTransform",
                $"Winograd F(2x2,3x3) weight transform U = G g G^T of L.Count input maps from g (weights [..][3][3]) of a {l.OutC}x{l.InC} map convolution, to U[xi][o][i] from to.",
                "ref float g, ref float to", b => WeightLanes(b, l));
            w.Line("// Weight transform U = G g G^T for every (output, input) map pair: vectors of input maps, then one at a time.");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line("int i = 0;");
            w.Line("for (; i <= InC - V.Count; i += V.Count)");
            w.Line($"    {lanes}<V>(ref Unsafe.Add(ref weight, (o * InC + i) * 9), ref Unsafe.Add(ref u, o * InC + i));");
            w.Line("for (; i < InC; i++)");
            w.Line($"    {lanes}<Scalar>(ref Unsafe.Add(ref weight, (o * InC + i) * 9), ref Unsafe.Add(ref u, o * InC + i));");
            w.Close();
        }

        private static void WeightLanes(SourceWriter w, LayerModel l)
        {
            w.Line($"const int Xi = {l.OutC * l.InC};  // U[xi] is at xi * OutC * InC");
            w.Line("L " + string.Join(", ", Numbers(9, t => $"g{t} = L.LoadStrided(ref {(t == 0 ? "g" : $"Unsafe.Add(ref g, {t})")}, 9)")) + ", half = L.Create(0.5f);");
            w.Line("// a = G g: rows g0, (g0 + g1 + g2)/2, (g0 - g1 + g2)/2, g2 of the kernel's rows, column by column.");
            for (int c = 0; c < 3; c++)
                w.Line($"L a0{c} = g{c}, a1{c} = half * (g{c} + g{3 + c} + g{6 + c}), a2{c} = half * (g{c} - g{3 + c} + g{6 + c}), a3{c} = g{6 + c};");
            w.Line("// U = a G^T, row by row.");
            for (int r = 0; r < 4; r++)
            {
                string[] values = { $"a{r}0", $"half * (a{r}0 + a{r}1 + a{r}2)", $"half * (a{r}0 - a{r}1 + a{r}2)", $"a{r}2" };
                for (int c = 0; c < 4; c++)
                    w.Line($"L.Store({values[c]}, ref {(4 * r + c == 0 ? "to" : $"Unsafe.Add(ref to, {4 * r + c} * Xi)")});");
            }
        }

        /// <summary>
        /// V[xi][i][t] = (B^T d B)[xi] for every input map and tile: per tile row, its 4 padded input rows are combined
        /// (B^T on the left) across all columns into the row buffer, then column pairs of the combined rows (B on the right)
        /// across tiles, de-interleaved (tile tx reads columns 2tx .. 2tx + 3). A tile row's stores are whole vectors; lanes
        /// past its last tile land on the next row's tiles (written next) or in the pitch's slack. The row buffer's columns
        /// past the padded width stay 0: the last column of an odd-width output's last tile, and the loads' overrun.
        /// </summary>
        private static void InputTransform(SourceWriter w, LayerModel l)
        {
            var g = new Grid(l);
            string combine = Method(w, l, $"Winograd_{l.PaddedW}x{g.RowPitch}_InputRows",
                $"Winograd F(2x2,3x3) input transform, rows: B^T d across the {l.PaddedW} columns of a tile row's 4 input rows from d (the fourth zeros unless four), to the row buffer.",
                "ref float d, bool four, ref float rows", b => InputRows(b, l));
            string columns = Method(w, l, $"Winograd_{g.TilesW}x{l.InC * g.Pitch}_InputColumns",
                $"Winograd F(2x2,3x3) input transform, columns: (B^T d) B for the {g.TilesW} tiles of a tile row, from the row buffer to V[xi][i][t] from to (xi {l.InC * g.Pitch} apart).",
                "ref float rows, ref float to", b => InputColumns(b, l));
            w.Line("// Input transform V = B^T d B, by input map and tile row; the fourth input row of an odd OutH's last tile row is zeros.");
            w.Line("MemoryMarshal.CreateSpan(ref rows, 4 * RW).Clear();  // the columns past InW stay 0");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int ty = 0; ty < TH; ty++)");
            w.Line($"{combine}<V>(ref Unsafe.Add(ref source, (i * InH + 2 * ty) * InW), 2 * ty + 3 < InH, ref rows);");
            w.Line($"{columns}<V>(ref rows, ref Unsafe.Add(ref v, i * TP + ty * TW));");
            w.Close();
            w.Close();
        }

        private static void InputRows(SourceWriter w, LayerModel l)
        {
            w.Line($"const int InW = {l.PaddedW}, RW = {new Grid(l).RowPitch};");
            w.Line("// t0 = d0 - d2, t1 = d1 + d2, t2 = d2 - d1, t3 = d1 - d3, across every column.");
            Columns(w, "InW", lane =>
            {
                w.Line($"{lane} d0 = {lane}.Load(ref Unsafe.Add(ref d, x)), d1 = {lane}.Load(ref Unsafe.Add(ref d, InW + x)), d2 = {lane}.Load(ref Unsafe.Add(ref d, 2 * InW + x));");
                w.Line($"{lane} d3 = four ? {lane}.Load(ref Unsafe.Add(ref d, 3 * InW + x)) : {lane}.Zero;");
                w.Line($"{lane}.Store(d0 - d2, ref Unsafe.Add(ref rows, x));");
                w.Line($"{lane}.Store(d1 + d2, ref Unsafe.Add(ref rows, RW + x));");
                w.Line($"{lane}.Store(d2 - d1, ref Unsafe.Add(ref rows, 2 * RW + x));");
                w.Line($"{lane}.Store(d1 - d3, ref Unsafe.Add(ref rows, 3 * RW + x));");
            });
        }

        private static void InputColumns(SourceWriter w, LayerModel l)
        {
            var g = new Grid(l);
            w.Line($"const int TW = {g.TilesW}, Xi = {l.InC * g.Pitch}, RW = {g.RowPitch};  // V[xi] is at xi * InC * TP");
            w.Line("// Each combined row j: V[4j + c] = e0 - e2, e1 + e2, e2 - e1, e1 - e3 with e_k = t_j[2tx + k].");
            w.Open("for (int tx = 0; tx < TW; tx += L.Count)");
            for (int j = 0; j < 4; j++)
            {
                string row = j == 0 ? "2 * tx" : $"{(j == 1 ? "" : $"{j} * ")}RW + 2 * tx";
                w.Line($"L.LoadDeinterleaved(ref Unsafe.Add(ref rows, {row}), out L e{j}0, out L e{j}1);");
                w.Line($"L.LoadDeinterleaved(ref Unsafe.Add(ref rows, {row} + 2), out L e{j}2, out L e{j}3);");
                string[] values = { $"e{j}0 - e{j}2", $"e{j}1 + e{j}2", $"e{j}2 - e{j}1", $"e{j}1 - e{j}3" };
                for (int c = 0; c < 4; c++)
                    w.Line($"L.Store({values[c]}, ref Unsafe.Add(ref to, {(4 * j + c == 0 ? "" : $"{4 * j + c} * Xi + ")}tx));");
            }
            w.Close();
        }

        /// <summary>
        /// output = f(A^T M A + bias) per output map and tile row: the two output rows of a tile row are written interleaved
        /// (outputs 2tx and 2tx + 1) into the row buffer, then their valid columns go out with the bias, the activation and
        /// the fused batch norm (as the wide rows' compaction: an overlapping last vector, or lanes spilling into the next
        /// row, written next). An odd OutH's last tile row has one output row.
        /// </summary>
        private static void OutputTransform(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            var g = new Grid(l);
            string tiles = Method(w, l, $"Winograd_{g.TilesW}x{l.OutC * g.Pitch}_OutputTiles",
                $"Winograd F(2x2,3x3) output transform A^T M A for the {g.TilesW} tiles of a tile row from M[xi][o][t] at at (xi {l.OutC * g.Pitch} apart), its two output rows to the row buffer.",
                "ref float at, ref float rows", b => OutputTiles(b, l));
            string normParameters = norm is null ? "" : ", ref float z, float scale, float shift, bool fuse";
            string row = Method(w, l, $"Winograd_{l.OutC}x{l.OutH}x{l.OutW}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}{(norm is null ? "" : "_Norm" + norm.Activation)}_OutputRow",
                $"Winograd output row: output row `row` of the {l.OutC}x{l.OutH}x{l.OutW} output = {l.Activation}(from + b){(norm is null ? "" : $", and the batch norm's ({norm.Activation}) while fuse")}.",
                $"int row, ref float from, ref float y, float b{normParameters}", b => OutputRow(b, l, norm));
            w.Line("// Output transform Y = A^T M A, then the bias, the activation and any fused batch norm, by output map and tile row.");
            if (norm is not null)
            {
                BatchNormEmitter.RunningScaleShift(w, norm);
                w.Line("bool fuse = !(Training && BatchNormSync is not null);  // batch statistics: the batch norm makes its own pass");
            }
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line(l.BiasCount > 0 ? "float b = Unsafe.Add(ref bias, o);" : "const float b = 0f;");
            w.Open("for (int ty = 0; ty < TH; ty++)");
            w.Line($"{tiles}<V>(ref Unsafe.Add(ref m, o * TP + ty * TW), ref rows);");
            w.Line("for (int a = 0; a < 2 && 2 * ty + a < OutH; a++)");
            w.Line($"    {row}<V>(o * OutH + 2 * ty + a, ref Unsafe.Add(ref rows, a * RW), ref output, b{(norm is null ? "" : ", ref normOutput, normScale[o], normShift[o], fuse")});");
            w.Close();
            w.Close();
        }

        private static void OutputTiles(SourceWriter w, LayerModel l)
        {
            var g = new Grid(l);
            w.Line($"const int TW = {g.TilesW}, Xi = {l.OutC * g.Pitch}, RW = {g.RowPitch};  // M[xi] is at xi * OutC * TP");
            w.Line("// s0 = m0 + m1 + m2, s1 = m1 - m2 - m3 down the rows, then the same across: outputs 2tx (p, n) and 2tx + 1.");
            w.Open("for (int tx = 0; tx < TW; tx += L.Count)");
            w.Line("L " + string.Join(", ", Numbers(16, xi => $"m{xi} = L.Load(ref Unsafe.Add(ref at, {(xi == 0 ? "tx" : $"{xi} * Xi + tx")}))")) + ";");
            for (int c = 0; c < 4; c++)
                w.Line($"L p{c} = m{c} + m{4 + c} + m{8 + c}, n{c} = m{4 + c} - m{8 + c} - m{12 + c};");
            w.Line("L.StoreInterleaved(p0 + p1 + p2, p1 - p2 - p3, ref Unsafe.Add(ref rows, 2 * tx));");
            w.Line("L.StoreInterleaved(n0 + n1 + n2, n1 - n2 - n3, ref Unsafe.Add(ref rows, RW + 2 * tx));");
            w.Close();
        }

        private static void OutputRow(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            w.Line($"const int OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line("ref float to = ref Unsafe.Add(ref y, row * OutW);");
            if (norm is not null) w.Line("ref float normTo = ref Unsafe.Add(ref z, row * OutW);");
            void Store(string lane, string x)
            {
                w.Line($"{lane} value{x} = {KernelText.Activate(l.Activation, $"{lane}.Load(ref Unsafe.Add(ref from, {x})) + {lane}.Create(b)")};");
                w.Line($"{lane}.Store(value{x}, ref Unsafe.Add(ref to, {x}));");
                if (norm is not null)
                    w.Line($"if (fuse) {lane}.Store({KernelText.Activate(norm.Activation, $"{lane}.MultiplyAdd(value{x}, {lane}.Create(scale), {lane}.Create(shift))")}, ref Unsafe.Add(ref normTo, {x}));");
            }
            w.Open("if (OutW >= L.Count)");
            w.Open("for (int x = 0; x < OutW - L.Count; x += L.Count)");
            Store("L", "x");
            w.Close();
            w.Line("int last = OutW - L.Count;  // the last vector, overlapping the one before");
            Store("L", "last");
            w.Close();
            w.Open("else if (row * OutW + L.Count <= OutC * OutH * OutW)");
            w.Line("// One vector: its lanes past OutW land in the next row, written next.");
            w.Line("const int first = 0;");
            Store("L", "first");
            w.Close();
            w.Open("else");
            w.Open("for (int x = 0; x < OutW; x++)");
            Store("Scalar", "x");
            w.Close();
            w.Close();
        }

        /// <summary>x over [0, <paramref name="width"/>) in whole vectors, the last overlapping the one before; narrower rows float by float.</summary>
        private static void Columns(SourceWriter w, string width, Action<string> body)
        {
            w.Open($"if ({width} >= L.Count)");
            w.Open($"for (int x0 = 0; x0 < {width}; x0 += L.Count)");
            w.Line($"int x = Math.Min(x0, {width} - L.Count);");
            body("L");
            w.Close();
            w.Close();
            w.Open("else");
            w.Open($"for (int x = 0; x < {width}; x++)");
            body("Scalar");
            w.Close();
            w.Close();
        }

        private static string[] Numbers(int n, Func<int, string> f)
        {
            var items = new string[n];
            for (int i = 0; i < n; i++) items[i] = f(i);
            return items;
        }
    }
}
