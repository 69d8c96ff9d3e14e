using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Winograd convolutions: the register tile of the per-position products.</summary>
    internal static partial class WinogradEmitter
    {
        /// <summary>The name of a product tile of <paramref name="rows"/> output maps x <paramref name="vectors"/> vectors of tiles.</summary>
        private static string TileMethod(SourceWriter w, LayerModel l, int rows, int vectors)
        {
            var g = new Grid(l);
            string text = SharedMethods.Render(w, b => TileText(b, l, rows, vectors));
            return w.Shared.Use($"Winograd_{l.InC}x{g.Pitch}_Tile{rows}x{vectors}",
                $"Tile of a Winograd product of {l.InC} input maps over tiles of pitch {g.Pitch}: {rows} output map{(rows == 1 ? "" : "s")} from r, {vectors} vector{(vectors == 1 ? "" : "s")} of tiles from q.",
                text, l.Name);
        }

        /// <summary>
        /// target[r + m][q + t V.Count ..] = the sum over j of weight[r + m][j] * source[j][q + t V.Count ..]: each source
        /// vector is loaded once per j and feeds every row's sum, each broadcast weight feeds every vector's.
        /// </summary>
        private static void TileText(SourceWriter w, LayerModel l, int rows, int vectors)
        {
            var g = new Grid(l);
            string S(int m, int t) => $"s{m}_{t}";
            string Lanes(int t) => t == 0 ? "0" : t == 1 ? "V.Count" : $"{t} * V.Count";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SharedMethods.NameToken}<V>(int r, int q, ref float source, ref float weight, ref float target) {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, TP = {g.Pitch};  // weight: [OutC][InC], source: [InC][TP], target: [OutC][TP]");
            for (int m = 0; m < rows; m++)
            {
                var sums = new string[vectors];
                for (int t = 0; t < vectors; t++) sums[t] = $"{S(m, t)} = V.Zero";
                w.Line("V " + string.Join(", ", sums) + ";");
            }
            w.Line("ref float x = ref Unsafe.Add(ref source, q);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, r * InC);");
            w.Open("for (int j = 0; j < InC; j++)");
            var loads = new string[vectors];
            for (int t = 0; t < vectors; t++) loads[t] = t == 0 ? "x0 = V.Load(ref x)" : $"x{t} = V.Load(ref Unsafe.Add(ref x, {Lanes(t)}))";
            w.Line("V " + string.Join(", ", loads) + ";");
            for (int m = 0; m < rows; m++)
            {
                w.Line($"V w{m} = V.Create({(m == 0 ? "k" : $"Unsafe.Add(ref k, {(m == 1 ? "" : $"{m} * ")}InC)")});");
                for (int t = 0; t < vectors; t++)
                    w.Line($"{S(m, t)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t)});");
            }
            w.Line("x = ref Unsafe.Add(ref x, TP);");
            w.Line("k = ref Unsafe.Add(ref k, 1);");
            w.Close();
            w.Line("ref float to = ref Unsafe.Add(ref target, r * TP + q);");
            for (int m = 0; m < rows; m++)
                for (int t = 0; t < vectors; t++)
                    w.Line($"V.Store({S(m, t)}, ref Unsafe.Add(ref to, {(m == 0 ? "" : m == 1 ? "TP + " : $"{m} * TP + ")}{Lanes(t)}));");
            w.Close();
        }
    }
}
