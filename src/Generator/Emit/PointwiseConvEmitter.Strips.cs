using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Pointwise convolutions: the product tiles, run as strips. One call runs a block of rows along a whole range of
    /// positions, tile after tile with the loop inside the method (a call per tile cost MobileNetV2's 1x1 forwards 13%:
    /// 11.07 -> 9.59 ms, interleaved medians, Xeon family 6 model 207, Vector512; its 16 to 96 map 112x112 layer
    /// 2.4 -> 1.2 ms). Unrolling reductions of up to 32 steps was measured 3-10x slower (the JIT gave up on registers).
    /// </summary>
    internal static partial class PointwiseConvEmitter
    {
        /// <summary>The name of a strip of <paramref name="rows"/> x <paramref name="vectors"/> tiles, written once per text.</summary>
        private static string StripMethod(SourceWriter w, Product product, int rows, int vectors)
        {
            var l = product.Layer;
            string text = SharedMethods.Render(w, b => StripText(b, product, rows, vectors));
            string what = product.Forward
                ? $"forward of {rows} output map{(rows == 1 ? "" : "s")} from r{(product.Norm ? " and the batch norm after" : "")}"
                : $"input gradient of {rows} input map{(rows == 1 ? "" : "s")} from r";
            string name = $"Pointwise_{l.InC}x{l.OutH * l.OutW}_{l.OutC}_{(product.Forward ? "Forward" : "InputGradient")}Strip{rows}x{vectors}";
            return w.Shared.Use(name, $"Strip of a {l.InC} to {l.OutC} map 1x1 convolution over {l.OutH * l.OutW} positions: the {what}, tiles of {vectors} vector{(vectors == 1 ? "" : "s")} of positions from q while they fit before end; returns the first position left.", text, l.Name);
        }

        /// <summary>
        /// For each tile of <paramref name="vectors"/> vectors from q while it ends by end: target[r + m][q + t V.Count ..] =
        /// the sum over j of weight(r + m, j) * source[j][q + t V.Count ..] (then bias, activation, the fused norm): each
        /// source vector is loaded once per j and feeds every row's sum, each weight broadcast feeds every vector's.
        /// </summary>
        private static void StripText(SourceWriter w, Product product, int rows, int vectors)
        {
            var l = product.Layer;
            string S(int m, int t) => $"s{m}_{t}";
            string bias = product.Bias ? "ref float bias, " : "";
            string norm = product.Norm ? ", ref float normScale, ref float normShift, ref float normOutput" : "";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static int {SharedMethods.NameToken}<V>(int r, int q, int end, ref float source, ref float weight, {bias}ref float target{norm}) {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, P = {l.OutH * l.OutW};  // weight: [OutC][InC], source: [{(product.Forward ? "InC" : "OutC")}][P], target: [{(product.Forward ? "OutC" : "InC")}][P]");
            w.Line(product.Forward
                ? "ref float k0 = ref Unsafe.Add(ref weight, r * InC);  // weight row r: output map r's weights"
                : "ref float k0 = ref Unsafe.Add(ref weight, r);        // weight column r: input map r's weights");
            w.Line("ref float to = ref Unsafe.Add(ref target, r * P);");
            if (product.Norm)
                w.Line("ref float normTo = ref Unsafe.Add(ref normOutput, r * P);");
            w.Open($"for (; q <= end - {Lanes(vectors)}; q += {Lanes(vectors)})");
            for (int m = 0; m < rows; m++)
                w.Line("V " + string.Join(", ", Range(vectors, t => $"{S(m, t)} = " + (product.Bias ? $"V.Create(Unsafe.Add(ref bias, r{Plus(m)}))" : "V.Zero"))) + ";");
            w.Line("ref float x = ref Unsafe.Add(ref source, q);");
            w.Line("ref float k = ref k0;");
            w.Open($"for (int j = 0; j < {product.Reduce}; j++)");
            w.Line("V " + string.Join(", ", Range(vectors, t => t == 0 ? "x0 = V.Load(ref x)" : $"x{t} = V.Load(ref Unsafe.Add(ref x, {Lanes(t)}))")) + ";");
            for (int m = 0; m < rows; m++)
            {
                string at = m == 0 ? "k" : product.Forward ? $"Unsafe.Add(ref k, {(m == 1 ? "" : $"{m} * ")}InC)" : $"Unsafe.Add(ref k, {m})";
                w.Line($"V w{m} = V.Create({at});");
                for (int t = 0; t < vectors; t++)
                    w.Line($"{S(m, t)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t)});");
            }
            w.Line("x = ref Unsafe.Add(ref x, P);");
            w.Line(product.Forward ? "k = ref Unsafe.Add(ref k, 1);" : "k = ref Unsafe.Add(ref k, InC);");
            w.Close();
            for (int m = 0; m < rows; m++)
            {
                if (product.Norm)
                    w.Line($"V scale{m} = V.Create(Unsafe.Add(ref normScale, r{Plus(m)})), shift{m} = V.Create(Unsafe.Add(ref normShift, r{Plus(m)}));");
                for (int t = 0; t < vectors; t++)
                {
                    string at = $"{Pitch(m)}q{(t == 0 ? "" : " + " + Lanes(t))}";
                    string value = product.Forward ? KernelText.Activate(l.Activation, S(m, t)) : S(m, t);
                    if (!product.Norm)
                    {
                        w.Line($"V.Store({value}, ref Unsafe.Add(ref to, {at}));");
                        continue;
                    }
                    w.Line($"V y{m}_{t} = {value};");
                    w.Line($"V.Store(y{m}_{t}, ref Unsafe.Add(ref to, {at}));");
                    w.Line($"V.Store({KernelText.Activate(product.NormActivation, $"V.MultiplyAdd(y{m}_{t}, scale{m}, shift{m})")}, ref Unsafe.Add(ref normTo, {at}));");
                }
            }
            w.Close();
            w.Line("return q;");
            w.Close();
        }

        /// <summary>
        /// Positions [p0, end) of <paramref name="rows"/> rows from r as strips: whole tiles, single vectors, and in the
        /// last panel the overlapping last vector; maps narrower than a vector go position by position on <c>Scalar</c>.
        /// A block of <see cref="WideRows"/> runs only its whole tiles wide and the rest as two blocks of <see cref="Rows"/>
        /// (their strips exist already: ResNet-152's source stays within its budget).
        /// </summary>
        private static void StripPositions(SourceWriter w, Product product, int rows, string arguments)
        {
            int vectors = RemainderVectors(rows);
            string Call(string lane, int n, int v, string row, string q, string end) => $"{StripMethod(w, product, n, v)}<{lane}>({row}, {q}, {end}, {arguments});";
            w.Open("if (P >= V.Count)");
            if (rows == WideRows)
            {
                w.Line($"int wide = {Call("V", rows, vectors, "r", "p0", "end")}");
                w.Open($"for (int half = r; half < r + {WideRows}; half += {Rows})");
                w.Line($"int q = {Call("V", Rows, 1, "half", "wide", "end")}");
                w.Line("if (q < end)");
                w.Line($"    {Call("V", Rows, 1, "half", "P - V.Count", "P")}");
                w.Close();
            }
            else
            {
                w.Line($"int q = {Call("V", rows, vectors, "r", "p0", "end")}");
                w.Line($"q = {Call("V", rows, 1, "r", "q", "end")}");
                w.Line("if (q < end)");
                w.Line($"    {Call("V", rows, 1, "r", "P - V.Count", "P")}");
            }
            w.Close();
            w.Open("else");
            w.Line("// A map narrower than a vector: position by position.");
            if (rows == WideRows)
                w.Line($"for (int half = r; half < r + {WideRows}; half += {Rows}) {Call("Scalar", Rows, 1, "half", "0", "P")}");
            else
                w.Line(Call("Scalar", rows, 1, "r", "0", "P"));
            w.Close();
        }
    }
}
