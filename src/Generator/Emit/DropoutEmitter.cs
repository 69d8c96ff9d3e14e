using System.Globalization;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Inverted dropout: while Training, each unit is kept with probability 1 - rate and scaled by 1/(1 - rate); the
    /// mask (0 or the scale) is kept for Backward. Otherwise the identity. Masks come from a xorshift generator seeded
    /// by InitializeParameters, so runs repeat.
    /// </summary>
    internal static class DropoutEmitter
    {
        public static string Describe(LayerModel l) => $"dropout, rate {l.As<DropoutLayer>().Rate.ToString(CultureInfo.InvariantCulture)}, {KernelText.Shape(l.InC, l.InH, l.InW)}";

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            w.Line($"const int N = {l.OutLength};");
            KernelText.ActivationRefs(w, l, gradients: false);
            w.Line($"ref float mask = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});");
            w.Open("if (!Training)");
            w.Line("MemoryMarshal.CreateReadOnlySpan(ref input, N).CopyTo(MemoryMarshal.CreateSpan(ref output, N));");
            w.Line("return;");
            w.Close();
            float keep = (float)(1 - l.As<DropoutLayer>().Rate);
            w.Line($"const float Keep = {keep.ToString("R", CultureInfo.InvariantCulture)}f, Scale = 1f / Keep;");
            w.Open("for (int j = 0; j < N; j++)");
            w.Line("// xorshift32; the top 24 bits as a uniform number in [0, 1)");
            w.Line("_dropoutState ^= _dropoutState << 13; _dropoutState ^= _dropoutState >> 17; _dropoutState ^= _dropoutState << 5;");
            w.Line("Unsafe.Add(ref mask, j) = (_dropoutState >> 8) * (1f / (1 << 24)) < Keep ? Scale : 0f;");
            w.Close();
            Multiply(w, "input", "output");
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            w.Line($"const int N = {l.OutLength};");
            KernelText.ActivationRefs(w, l, gradients: true);
            w.Line("if (!propagate) return;");
            w.Line($"ref float mask = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});");
            w.Open("if (!Training)");
            w.Line("MemoryMarshal.CreateReadOnlySpan(ref delta, N).CopyTo(MemoryMarshal.CreateSpan(ref inputGradient, N));");
            w.Line("return;");
            w.Close();
            Multiply(w, "delta", "inputGradient");
            w.Close();
            w.Line();
        }

        /// <summary>to = from * mask, elementwise.</summary>
        private static void Multiply(SourceWriter w, string from, string to)
        {
            w.Line("int i = 0;");
            w.Line("for (; i <= N - V.Count; i += V.Count)");
            w.Line($"    V.Store(V.Load(ref Unsafe.Add(ref {from}, i)) * V.Load(ref Unsafe.Add(ref mask, i)), ref Unsafe.Add(ref {to}, i));");
            w.Line("for (; i < N; i++)");
            w.Line($"    Unsafe.Add(ref {to}, i) = Unsafe.Add(ref {from}, i) * Unsafe.Add(ref mask, i);");
        }
    }
}
