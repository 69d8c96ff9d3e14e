using System;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// A stride-1 convolution's kernel gradient as a matrix product (the planner's <see cref="ConvLayer.Im2colGradient"/>,
    /// Layers/Im2colRule.cs): dE/dk[o][c] += sum over p of delta[o][p] * columns[p][c], with c = (i*K + ky)*K + kx (the
    /// weight layout [o][i][ky][kx] is [o][c]) and columns[p][c] = the padded input at (oy + ky, ox + kx) for output
    /// position p = oy*OutW + ox (im2col, a panel of positions at a time in scratch). Register tiles of 4 output maps x 3
    /// vectors of c: each step broadcasts one delta per map and loads three vectors of columns (12 FMAs per 7 loads), and a
    /// tile adds its sums to the gradient with whole vectors once per panel, where the wide rows reduce every tap's vector
    /// to a float (a lane sum and a read-modify-write per tap per kernel row, as costly as the FMAs on 7x7 maps).
    /// Called from the wide-row backward (Emit/WideConvEmitter.Backward.cs) in place of its kernel gradient.
    /// </summary>
    internal static class Im2colGradientEmitter
    {
        private const int Maps = 4, Vectors = 3;

        /// <summary>Whether the planner chose the product for <paramref name="l"/>'s kernel gradient.</summary>
        public static bool Uses(LayerModel l) => l.Payload is ConvLayer { Im2colGradient: true };

        /// <summary>The kernel gradient (refs source, delta and weightGradient, constants InC, InH, InW, OutC, OutH, OutW, K in scope).</summary>
        public static void Emit(SourceWriter w, LayerModel l)
        {
            int cols = l.InC * l.Kernel * l.Kernel, pitch = Im2colRule.ColumnPitch(l), panel = Im2colRule.Panel(l);
            w.Line($"ref float columns = ref At(_scratch, {l.ScratchAt(Im2colRule.Columns)});  // [{panel}][{pitch}] im2col panel of positions");
            w.Line("// Kernel gradient as a matrix product (Emit/Im2colGradientEmitter.cs): dE/dk[o][c] += sum over p of delta[o][p] *");
            w.Line("// columns[p][c], c = (i*K + ky)*K + kx, columns[p][c] = source[i][(oy + ky)*InW + ox + kx] for p = oy*OutW + ox.");
            w.Open();
            w.Line($"const int Cols = {cols}, Pitch = {pitch}, Positions = {l.OutH * l.OutW}, Panel = {panel};");
            w.Open("for (int p0 = 0; p0 < Positions; p0 += Panel)");
            w.Line("int count = Math.Min(Panel, Positions - p0);");
            Build(w, l, cols, pitch);
            w.Line("ref float d = ref Unsafe.Add(ref delta, p0);");
            w.Line("int c = 0;");
            w.Open($"for (; c <= Cols - {Vectors} * V.Count; c += {Vectors} * V.Count)");
            MapLoop(w, l, Vectors);
            w.Close();
            w.Open("for (; c < Cols; c += V.Count)");
            MapLoop(w, l, 1);
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The panel's columns, row by row: each kernel row of K floats is copied with whole vectors, in increasing order,
        /// so a vector's spill past its K floats is overwritten by the next copy (the last one's lands in the pad columns,
        /// cleared after, or the slack past the panel); reads past a map stay inside the scratch or activations.
        /// </summary>
        private static void Build(SourceWriter w, LayerModel l, int cols, int pitch)
        {
            w.Open("for (int p = 0; p < count; p++)");
            w.Line("int oy = (p0 + p) / OutW, ox = (p0 + p) % OutW;");
            w.Line("ref float row = ref Unsafe.Add(ref columns, p * Pitch);");
            w.Line("ref float at = ref Unsafe.Add(ref source, oy * InW + ox);");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line("ref float map = ref Unsafe.Add(ref at, i * InH * InW);");
            w.Line("ref float to = ref Unsafe.Add(ref row, i * K * K);");
            for (int ky = 0; ky < l.Kernel; ky++)
                w.Line($"for (int t = 0; t < K; t += V.Count) V.Store(V.Load(ref Unsafe.Add(ref map, {ky} * InW + t)), ref Unsafe.Add(ref to, {ky} * K + t));");
            w.Close();
            if (pitch > cols)
                w.Line("for (int z = Cols; z < Pitch; z++) Unsafe.Add(ref row, z) = 0;");
            w.Close();
        }

        private static void MapLoop(SourceWriter w, LayerModel l, int vectors)
        {
            string call(int maps) => $"{TileMethod(w, l, maps, vectors)}<V>(o, c, count, ref d, ref Unsafe.Add(ref columns, c), ref weightGradient);";
            w.Line("int o = 0;");
            w.Line($"for (; o <= OutC - {Maps}; o += {Maps})");
            w.Line($"    {call(Maps)}");
            if (l.OutC % Maps != 0) w.Line(call(l.OutC % Maps));
        }

        private static string TileMethod(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            int cols = l.InC * l.Kernel * l.Kernel, positions = l.OutH * l.OutW;
            string text = SharedMethods.Render(w, b => TileText(b, l, maps, vectors));
            return w.Shared.Use($"Im2col_{cols}x{positions}_KernelGradientTile{maps}x{vectors}",
                $"Kernel gradient tile of a convolution as a product over im2col columns ({cols} per position, {positions} positions): {maps} output maps x {vectors} vector{(vectors == 1 ? "" : "s")} of columns from (o, c).",
                text, l.Name);
        }

        /// <summary>
        /// weightGradient[o + m][c + lanes of vector n] += the sum over the panel's count positions of delta[o + m][p] *
        /// columns[p][c + ...]. A single-vector tile may straddle the last column (when Cols is not a multiple of the
        /// width): its lanes past Cols (pad columns, sums of 0) are not written.
        /// </summary>
        private static void TileText(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            int cols = l.InC * l.Kernel * l.Kernel, pitch = Im2colRule.ColumnPitch(l), positions = l.OutH * l.OutW;
            string A(int m, int n) => $"a{m}_{n}";
            string Lanes(int n) => n == 0 ? "" : n == 1 ? " + V.Count" : $" + {n} * V.Count";
            string Row(int m) => m == 0 ? "" : m == 1 ? "Cols + " : $"{m} * Cols + ";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SharedMethods.NameToken}<V>(int o, int c, int count, ref float delta, ref float columns, ref float weightGradient) {KernelText.Constraint}");
            w.Line($"const int Cols = {cols}, Pitch = {pitch}, P = {positions};  // delta: [OutC][P] from the panel's first position; columns: [count][Pitch] from c; weightGradient: [OutC][Cols]");
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(vectors, n => $"{A(m, n)} = V.Zero")) + ";");
            w.Line("ref float d = ref Unsafe.Add(ref delta, o * P);");
            w.Line("ref float x = ref columns;");
            w.Open("for (int p = 0; p < count; p++, x = ref Unsafe.Add(ref x, Pitch))");
            w.Line("V " + string.Join(", ", Range(vectors, n => $"x{n} = V.Load(ref Unsafe.Add(ref x, {(n == 0 ? "0" : Lanes(n).Substring(3))}))")) + ";");
            for (int m = 0; m < maps; m++)
            {
                w.Line($"V d{m} = V.Create(Unsafe.Add(ref d, {(m == 0 ? "" : m == 1 ? "P + " : $"{m} * P + ")}p));");
                for (int n = 0; n < vectors; n++)
                    w.Line($"{A(m, n)} = V.MultiplyAdd(d{m}, x{n}, {A(m, n)});");
            }
            w.Close();
            w.Line("ref float g = ref Unsafe.Add(ref weightGradient, o * Cols + c);");
            void Add(int m, int n) => w.Line($"V.Store(V.Load(ref Unsafe.Add(ref g, {Row(m)}0{Lanes(n)})) + {A(m, n)}, ref Unsafe.Add(ref g, {Row(m)}0{Lanes(n)}));");
            bool straddles = vectors == 1 && cols % 16 != 0;
            if (straddles) w.Open("if (c + V.Count <= Cols)");
            for (int m = 0; m < maps; m++)
                for (int n = 0; n < vectors; n++)
                    Add(m, n);
            if (straddles)
            {
                w.Close();
                w.Open("else");
                w.Line("// The last vector straddles Cols: its lanes through a stack buffer, the pad columns' lanes dropped.");
                w.Line("Span<float> lanes = stackalloc float[16];");
                for (int m = 0; m < maps; m++)
                {
                    w.Line($"V.Store({A(m, 0)}, ref MemoryMarshal.GetReference(lanes));");
                    w.Line($"for (int j = 0; j < Cols - c; j++) Unsafe.Add(ref g, {Row(m)}j) += lanes[j];");
                }
                w.Close();
            }
            w.Close();
        }

        private static string[] Range(int n, Func<int, string> f)
        {
            var items = new string[n];
            for (int i = 0; i < n; i++) items[i] = f(i);
            return items;
        }
    }
}
