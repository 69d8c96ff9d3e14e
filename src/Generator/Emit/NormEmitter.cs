using System.Globalization;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Local response normalization across maps: y[c] = x[c] * s[c]^-beta with s[c] = K + alpha/n * sum of x[j]^2 over the
    /// maps j in [c - n/2, c + (n-1)/2]. Vectorized across the positions of a map (contiguous).
    /// </summary>
    internal static class NormEmitter
    {
        private static string F(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

        public static string Describe(LayerModel l)
        {
            var lrn = l.As<LocalResponseNormLayer>();
            return $"local response normalization over {lrn.Size} maps, alpha {lrn.Alpha.ToString(CultureInfo.InvariantCulture)}, beta {lrn.Beta.ToString(CultureInfo.InvariantCulture)}, k {lrn.K.ToString(CultureInfo.InvariantCulture)}, {KernelText.Shape(l.InC, l.InH, l.InW)}";
        }

        private static void Constants(SourceWriter w, LayerModel l, bool forward)
        {
            var lrn = l.As<LocalResponseNormLayer>();
            w.Line($"const int C = {l.InC}, HW = {l.InH * l.InW}, Before = {lrn.Size / 2}, After = {(lrn.Size - 1) / 2};  // window of maps c - Before .. c + After");
            w.Line($"const float AlphaOverN = {F(lrn.Alpha / lrn.Size)}, Beta = {F(lrn.Beta)}{(forward ? $", K = {F(lrn.K)}" : "")};");
            w.Line($"ref float scale = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});  // [C][HW] s = K + alpha/n * sum of squares");
        }

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            Constants(w, l, forward: true);
            KernelText.ActivationRefs(w, l, gradients: false);
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("int first = Math.Max(0, c - Before), last = Math.Min(C - 1, c + After);");
            Positions(w, lane =>
            {
                w.Line($"{lane} sum = {lane}.Zero;");
                w.Open("for (int j = first; j <= last; j++)");
                w.Line($"{lane} x = {lane}.Load(ref Unsafe.Add(ref input, j * HW + p));");
                w.Line($"sum = {lane}.MultiplyAdd(x, x, sum);");
                w.Close();
                w.Line($"{lane} s = {lane}.MultiplyAdd(sum, {lane}.Create(AlphaOverN), {lane}.Create(K));");
                w.Line($"{lane}.Store(s, ref Unsafe.Add(ref scale, c * HW + p));");
                w.Line($"// x * s^-beta, with s^-beta = e^(-beta ln s)");
                w.Line($"{lane}.Store({lane}.Load(ref Unsafe.Add(ref input, c * HW + p)) * {lane}.Exp({lane}.Create(-Beta) * {lane}.Log(s)), ref Unsafe.Add(ref output, c * HW + p));");
            });
            w.Close();
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            Constants(w, l, forward: false);
            KernelText.ActivationRefs(w, l, gradients: true);
            w.Line("if (!propagate) return;");
            w.Line($"ref float t = ref At(_scratch, {l.ScratchAt(ScratchRoles.OwnGradient)});  // [C][HW] delta * y / s");
            w.Line("// dx[c] = delta[c] s[c]^-beta - 2 alpha beta / n * x[c] * sum over the maps j whose window holds c of delta[j] y[j] / s[j]");
            w.Line("int k = 0;");
            w.Line("for (; k <= C * HW - V.Count; k += V.Count)");
            w.Line("    V.Store(V.Load(ref Unsafe.Add(ref delta, k)) * V.Load(ref Unsafe.Add(ref output, k)) / V.Load(ref Unsafe.Add(ref scale, k)), ref Unsafe.Add(ref t, k));");
            w.Line("for (; k < C * HW; k++)");
            w.Line("    Unsafe.Add(ref t, k) = Unsafe.Add(ref delta, k) * Unsafe.Add(ref output, k) / Unsafe.Add(ref scale, k);");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("int first = Math.Max(0, c - After), last = Math.Min(C - 1, c + Before);");
            Positions(w, lane =>
            {
                w.Line($"{lane} sum = {lane}.Zero;");
                w.Line($"for (int j = first; j <= last; j++) sum += {lane}.Load(ref Unsafe.Add(ref t, j * HW + p));");
                w.Line($"{lane} s = {lane}.Load(ref Unsafe.Add(ref scale, c * HW + p));");
                w.Line($"{lane} direct = {lane}.Load(ref Unsafe.Add(ref delta, c * HW + p)) * {lane}.Exp({lane}.Create(-Beta) * {lane}.Log(s));");
                w.Line($"{lane} x = {lane}.Load(ref Unsafe.Add(ref input, c * HW + p));");
                w.Line($"{lane}.Store(direct - {lane}.Create(2 * AlphaOverN * Beta) * x * sum, ref Unsafe.Add(ref inputGradient, c * HW + p));");
            });
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>A loop over the positions p of a map: vector body, scalar tail.</summary>
        internal static void Positions(SourceWriter w, System.Action<string> body)
        {
            w.Line("int p = 0;");
            w.Open("for (; p <= HW - V.Count; p += V.Count)");
            body("V");
            w.Close();
            w.Open("for (; p < HW; p++)");
            body("Scalar");
            w.Close();
        }
    }
}
