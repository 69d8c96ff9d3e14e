using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Pointwise convolutions: the two products the strips compute, and the weight gradient tile.</summary>
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
