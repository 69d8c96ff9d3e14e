using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Global average pooling: each map's mean. Backward spreads each delta evenly over its map.</summary>
    internal static class GlobalPoolEmitter
    {
        public static string Describe(LayerModel l) => $"global average pooling {KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, 1, 1)}";

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            w.Line($"const int C = {l.InC}, HW = {l.InH * l.InW};");
            KernelText.ActivationRefs(w, l, gradients: false);
            w.Line("for (int c = 0; c < C; c++)");
            w.Line("    Unsafe.Add(ref output, c) = Vectors.Sum<V>(ref Unsafe.Add(ref input, c * HW), HW) * (1f / HW);");
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            w.Line($"const int C = {l.InC}, HW = {l.InH * l.InW};");
            KernelText.ActivationRefs(w, l, gradients: true);
            w.Line("if (!propagate) return;");
            w.Line("for (int c = 0; c < C; c++)");
            w.Line("    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref inputGradient, c * HW), HW).Fill(Unsafe.Add(ref delta, c) * (1f / HW));");
            w.Close();
            w.Line();
        }
    }
}
