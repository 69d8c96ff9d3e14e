using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Pointwise convolutions: the product tiles (forward and input gradient) and the weight gradient tile.</summary>
    internal static partial class PointwiseConvEmitter
    {
        /// <summary>
        /// One of the two products whose tiles share a shape: the forward (rows are output maps, the reduction runs over
        /// input maps, weight row r; bias, activation and maybe the fused batch norm on the way out) or the input
        /// gradient (rows are input maps, the reduction runs over output maps, weight column r; stored as it is).
        /// </summary>
        private sealed record Product(LayerModel Layer, bool Forward, bool Norm, ActivationKind NormActivation = ActivationKind.Identity)
        {
            public string RowWords => Forward ? "output maps" : "input maps";
            public int Reduce => Forward ? Layer.InC : Layer.OutC;
            public bool Bias => Forward && Layer.BiasCount > 0;
        }

        /// <summary>The name of a product tile of <paramref name="rows"/> x <paramref name="vectors"/>, written once per text.</summary>
        private static string TileMethod(SourceWriter w, Product product, int rows, int vectors)
        {
            var l = product.Layer;
            string text = SharedMethods.Render(w, b => TileText(b, product, rows, vectors));
            string what = product.Forward
                ? $"forward of {rows} output map{(rows == 1 ? "" : "s")} from r{(product.Norm ? " and the batch norm after" : "")}"
                : $"input gradient of {rows} input map{(rows == 1 ? "" : "s")} from r";
            string name = $"Pointwise_{l.InC}x{l.OutH * l.OutW}_{l.OutC}_{(product.Forward ? "Forward" : "InputGradient")}Tile{rows}x{vectors}";
            return w.Shared.Use(name, $"Tile of a {l.InC} to {l.OutC} map 1x1 convolution over {l.OutH * l.OutW} positions: the {what}, {vectors} vector{(vectors == 1 ? "" : "s")} of positions from q.", text, l.Name);
        }

        /// <summary>
        /// target[r + m][q + t V.Count ..] = the sum over j of weight(r + m, j) * source[j][q + t V.Count ..] for m &lt; rows,
        /// t &lt; vectors: each source vector is loaded once per j and feeds every row's sum, each weight broadcast feeds
        /// every vector's.
        /// </summary>
        private static void TileText(SourceWriter w, Product product, int rows, int vectors)
        {
            var l = product.Layer;
            string S(int m, int t) => $"s{m}_{t}";
            string bias = product.Bias ? "ref float bias, " : "";
            string norm = product.Norm ? ", ref float normScale, ref float normShift, ref float normOutput" : "";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SharedMethods.NameToken}<V>(int r, int q, ref float source, ref float weight, {bias}ref float target{norm}) {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, P = {l.OutH * l.OutW};  // weight: [OutC][InC], source: [{(product.Forward ? "InC" : "OutC")}][P], target: [{(product.Forward ? "OutC" : "InC")}][P]");
            for (int m = 0; m < rows; m++)
                w.Line("V " + string.Join(", ", Range(vectors, t => $"{S(m, t)} = " + (product.Bias ? $"V.Create(Unsafe.Add(ref bias, r{Plus(m)}))" : "V.Zero"))) + ";");
            w.Line("ref float x = ref Unsafe.Add(ref source, q);");
            w.Line(product.Forward
                ? "ref float k = ref Unsafe.Add(ref weight, r * InC);  // weight row r: output map r's weights"
                : "ref float k = ref Unsafe.Add(ref weight, r);        // weight column r: input map r's weights");
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
            w.Line("ref float to = ref Unsafe.Add(ref target, r * P + q);");
            if (product.Norm)
                w.Line("ref float normTo = ref Unsafe.Add(ref normOutput, r * P + q);");
            for (int m = 0; m < rows; m++)
            {
                if (product.Norm)
                    w.Line($"V scale{m} = V.Create(Unsafe.Add(ref normScale, r{Plus(m)})), shift{m} = V.Create(Unsafe.Add(ref normShift, r{Plus(m)}));");
                for (int t = 0; t < vectors; t++)
                {
                    string at = $"{Pitch(m)}{Lanes(t)}";
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
        }

        /// <summary>"m * P + " (row m's offset in a [rows][P] tensor), empty for row 0.</summary>
        private static string Pitch(int m) => m == 0 ? "" : m == 1 ? "P + " : $"{m} * P + ";

        /// <summary>The name of a weight gradient tile of <paramref name="maps"/> output x <paramref name="inputs"/> input maps.</summary>
        private static string GradientTileMethod(SourceWriter w, LayerModel l, int maps, int inputs)
        {
            string text = SharedMethods.Render(w, b => GradientTileText(b, l, maps, inputs));
            return w.Shared.Use($"Pointwise_{l.InC}x{l.OutH * l.OutW}_WeightGradientTile{maps}x{inputs}",
                $"Weight gradient tile of a 1x1 convolution of {l.InC} input maps over {l.OutH * l.OutW} positions: {maps} output x {inputs} input maps from (o, i).", text, l.Name);
        }

        /// <summary>
        /// weightGradient[o + m][i + n] += the sum over p in [p0, end) of delta[o + m][p] * input[i + n][p]: one vector sum
        /// per pair over the vectors of positions (each delta and input load feeds several; the last vector overlaps the
        /// one before, masked), reduced once at the end. Maps narrower than a vector go float by float.
        /// </summary>
        private static void GradientTileText(SourceWriter w, LayerModel l, int maps, int inputs)
        {
            int positions = l.OutH * l.OutW;
            string A(int m, int n) => $"a{m}_{n}";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SharedMethods.NameToken}<V>(int o, int i, int p0, int end, ref float delta, ref float input, ref float weightGradient) {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, P = {positions};  // delta: [OutC][P], input: [InC][P], weightGradient: [OutC][InC]");
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(inputs, n => $"{A(m, n)} = V.Zero")) + ";");
            w.Line("ref float d = ref Unsafe.Add(ref delta, o * P);");
            w.Line("ref float x = ref Unsafe.Add(ref input, i * P);");
            w.Line("int q = p0;");
            void Step(string at, string keep)
            {
                w.Line("V " + string.Join(", ", Range(maps, m => $"d{m} = V.Load(ref Unsafe.Add(ref d, {Pitch(m)}{at})){keep}")) + ";");
                for (int n = 0; n < inputs; n++)
                {
                    w.Line($"V x{n} = V.Load(ref Unsafe.Add(ref x, {Pitch(n)}{at}));");
                    for (int m = 0; m < maps; m++)
                        w.Line($"{A(m, n)} = V.MultiplyAdd(d{m}, x{n}, {A(m, n)});");
                }
            }
            w.Open("for (; q <= end - V.Count; q += V.Count)");
            Step("q", "");
            w.Close();
            bool tail = positions % 16 != 0;  // a multiple of 16 positions is a multiple of every vector width
            if (tail)
            {
                w.Line("// The last P % V.Count positions (only the last panel has any: the others are multiples of 48): one more vector");
                w.Line("// ending at P, its deltas at positions already summed masked to 0 (lanes below the overlap read the mask's zeros).");
                w.Open("if (q < end && P >= V.Count)");
                w.Line("ReadOnlySpan<float> mask = [0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f];");
                w.Line("V keep = V.Load(ref Unsafe.Add(ref MemoryMarshal.GetReference(mask), 16 - (q - (P - V.Count))));");
                w.Line("q = P - V.Count;");
                Step("q", " * keep");
                w.Line("q = end;");
                w.Close();
            }
            w.Line("ref float g = ref Unsafe.Add(ref weightGradient, o * InC + i);");
            for (int m = 0; m < maps; m++)
            {
                string row = m == 0 ? "" : m == 1 ? "InC + " : $"{m} * InC + ";
                if (inputs == 4)
                    w.Line($"V.AddSums4({A(m, 0)}, {A(m, 1)}, {A(m, 2)}, {A(m, 3)}, ref Unsafe.Add(ref g, {(m == 0 ? "0" : row.Substring(0, row.Length - 3))}));");
                else
                    for (int n = 0; n < inputs; n++)
                        w.Line($"Unsafe.Add(ref g, {row}{n}) += V.Sum({A(m, n)});");
            }
            if (tail)
            {
                w.Line("// A map narrower than a vector: position by position.");
                w.Open("for (; q < end; q++)");
                w.Line("float " + string.Join(", ", Range(maps, m => $"e{m} = Unsafe.Add(ref d, {Pitch(m)}q)")) + ";");
                for (int n = 0; n < inputs; n++)
                {
                    w.Line($"float y{n} = Unsafe.Add(ref x, {Pitch(n)}q);");
                    for (int m = 0; m < maps; m++)
                    {
                        string at = $"{(m == 0 ? "" : m == 1 ? "InC + " : $"{m} * InC + ")}{n}";
                        w.Line($"Unsafe.Add(ref g, {at}) = MathF.FusedMultiplyAdd(e{m}, y{n}, Unsafe.Add(ref g, {at}));");
                    }
                }
                w.Close();
            }
            w.Close();
        }
    }
}
