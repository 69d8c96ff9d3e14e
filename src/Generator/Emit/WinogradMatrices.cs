using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The matrices of Winograd's F(m x m, 3x3) built from interpolation points (Toom-Cook, as in Lavin and Gray 2015):
    /// for finite points p_j and the point at infinity, A^T[i][j] = p_j^i, G[j][k] = p_j^k / N_j with
    /// N_j = prod over l != j of (p_j - p_l), B^T[j] = the coefficients of prod over l != j of (x - p_l); the last row or
    /// column (infinity) picks the highest coefficient. A correlation (PyTorch's and ONNX's Conv): y_i = sum_k d_{i+k} g_k
    /// = (A^T [(G g) ⊙ (B^T d)])_i, checked exactly in tests/NetGen.Numerics.Tests/WinogradTests.cs through the kernels.
    /// Also the code that applies a matrix to vectors, sharing the work of rows that differ only in the sign of their odd
    /// part (the points p and -p): e + o and e - o.
    /// </summary>
    internal sealed class WinogradMatrices
    {
        /// <summary>F(4x4, 3x3)'s points: 0, ±1, ±1/2 (and infinity). Measured against 0, ±1, ±2 in WinogradTests: see there.</summary>
        public static readonly double[] FourPoints = { 0, 1, -1, 0.5, -0.5 };

        /// <summary>F(2x2, 3x3)'s points 0, 1, -1: the matrices of Emit/WinogradEmitter.Transforms.cs.</summary>
        public static readonly WinogradMatrices Two = Build(2, new double[] { 0, 1, -1 });
        public static readonly WinogradMatrices Four = Build(4, FourPoints);

        public static WinogradMatrices For(int m) => m == 2 ? Two : Four;

        private WinogradMatrices(int m, double[,] at, double[,] g, double[,] bt) { M = m; AT = at; G = g; BT = bt; }

        /// <summary>Outputs per tile side.</summary>
        public int M { get; }
        /// <summary>Inputs per tile side, M + 2: the transforms are Alpha x Alpha.</summary>
        public int Alpha => M + 2;
        public double[,] AT { get; }
        public double[,] G { get; }
        public double[,] BT { get; }

        public static WinogradMatrices Build(int m, double[] points)
        {
            int n = m + 2;
            var at = new double[m, n];
            var g = new double[n, 3];
            var bt = new double[n, n];
            var all = new double[] { 1 };
            foreach (var p in points) all = Times(all, p);
            for (int j = 0; j < n - 1; j++)
            {
                double p = points[j], norm = 1;
                var others = new double[] { 1 };
                for (int l = 0; l < n - 1; l++)
                    if (l != j) { norm *= p - points[l]; others = Times(others, points[l]); }
                for (int i = 0; i < m; i++) at[i, j] = Math.Pow(p, i);
                for (int k = 0; k < 3; k++) g[j, k] = Math.Pow(p, k) / norm;
                for (int k = 0; k < others.Length; k++) bt[j, k] = others[k];
            }
            // Lavin and Gray's signs: each row of G starts positive (its row of B^T follows it, the product is the same).
            for (int j = 0; j < n - 1; j++)
                if (g[j, 0] < 0 || g[j, 0] == 0 && g[j, 1] < 0)
                {
                    for (int k = 0; k < 3; k++) g[j, k] = -g[j, k];
                    for (int k = 0; k < n; k++) bt[j, k] = -bt[j, k];
                }
            at[m - 1, n - 1] = 1;
            g[n - 1, 2] = 1;
            for (int k = 0; k < all.Length; k++) bt[n - 1, k] = all[k];
            return new WinogradMatrices(m, at, g, bt);
        }

        /// <summary>The polynomial (coefficients, lowest first) times (x - p).</summary>
        private static double[] Times(double[] poly, double p)
        {
            var r = new double[poly.Length + 1];
            for (int i = 0; i < poly.Length; i++) { r[i + 1] += poly[i]; r[i] -= p * poly[i]; }
            return r;
        }

        /// <summary>The transpose of <paramref name="a"/>.</summary>
        public static double[,] Transpose(double[,] a)
        {
            var t = new double[a.GetLength(1), a.GetLength(0)];
            for (int i = 0; i < a.GetLength(0); i++)
                for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
            return t;
        }

        /// <summary>
        /// Declares <c>L out(r) = sum over k of a[r][k] * input(k)</c> for every row r of <paramref name="a"/>: rows r, s
        /// with a[r][k] = ±a[s][k] share their even part e and odd part o (r = e + o, s = e - o). Temporaries are named
        /// from the output's name.
        /// </summary>
        public static void Apply(SourceWriter w, double[,] a, Func<int, string> input, Func<int, string> output)
        {
            int rows = a.GetLength(0), cols = a.GetLength(1);
            var done = new bool[rows];
            var lines = new List<string>();
            for (int r = 0; r < rows; r++)
            {
                if (done[r]) continue;
                done[r] = true;
                int partner = -1;
                for (int s = r + 1; s < rows && partner < 0; s++)
                {
                    if (done[s]) continue;
                    bool same = false, opposite = false, fits = true;
                    for (int k = 0; k < cols; k++)
                    {
                        if (a[r, k] == 0 && a[s, k] == 0) continue;
                        if (a[r, k] == a[s, k]) same = true;
                        else if (a[r, k] == -a[s, k]) opposite = true;
                        else fits = false;
                    }
                    if (fits && same && opposite) partner = s;
                }
                if (partner < 0)
                {
                    lines.Add($"{output(r)} = {Sum(a, r, input, k => true)}");
                    continue;
                }
                done[partner] = true;
                string even = output(r) + "e", odd = output(r) + "o";
                lines.Add($"{even} = {Sum(a, r, input, k => a[r, k] == a[partner, k])}");
                lines.Add($"{odd} = {Sum(a, r, input, k => a[r, k] == -a[partner, k])}");
                lines.Add($"{output(r)} = {even} + {odd}");
                lines.Add($"{output(partner)} = {even} - {odd}");
            }
            foreach (var line in lines) w.Line($"L {line};");
        }

        /// <summary>Row r of a times the inputs over the columns k that <paramref name="take"/> selects (a zero row: L.Zero).</summary>
        private static string Sum(double[,] a, int r, Func<int, string> input, Func<int, bool> take)
        {
            var terms = new List<(double c, string x)>();
            for (int k = 0; k < a.GetLength(1); k++)
                if (a[r, k] != 0 && take(k)) terms.Add((a[r, k], input(k)));
            if (terms.Count == 0) return "L.Zero";
            // Start from a term with coefficient 1 when there is one: fewer operations.
            int first = terms.FindIndex(t => t.c == 1);
            if (first > 0) { var t = terms[first]; terms.RemoveAt(first); terms.Insert(0, t); }
            string text = terms[0].c == 1 ? terms[0].x : terms[0].c == -1 ? $"L.Zero - {terms[0].x}" : $"L.Create({Literal(terms[0].c)}) * {terms[0].x}";
            for (int i = 1; i < terms.Count; i++)
            {
                var (c, x) = terms[i];
                text = c == 1 ? $"{text} + {x}" : c == -1 ? $"{text} - {x}" : $"L.MultiplyAdd(L.Create({Literal(c)}), {x}, {text})";
            }
            return text;
        }

        /// <summary>A float literal that round-trips the value rounded to float.</summary>
        public static string Literal(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}
