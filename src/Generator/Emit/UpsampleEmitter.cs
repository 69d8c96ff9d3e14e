using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Nearest-neighbour upsampling by F: output[c][y][x] = input[c][y/F][x/F]. Vectorized across input columns: each
    /// input vector is stored F times, F floats apart (one phase of the output row each); backward sums the F x F
    /// block of deltas back onto its input unit the same way.
    /// </summary>
    internal static class UpsampleEmitter
    {
        public static string Describe(LayerModel l) => $"nearest-neighbour upsampling x{l.As<UpsampleLayer>().Factor}, {KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, l.OutH, l.OutW)}";

        private static void Constants(SourceWriter w, LayerModel l) =>
            w.Line($"const int C = {l.InC}, InH = {l.InH}, InW = {l.InW}, F = {l.As<UpsampleLayer>().Factor}, OutW = InW * F;");

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            Constants(w, l);
            KernelText.ActivationRefs(w, l, gradients: false);
            w.Open("for (int row = 0; row < C * InH; row++)");
            w.Line("ref float from = ref Unsafe.Add(ref input, row * InW);");
            w.Line("ref float to = ref Unsafe.Add(ref output, row * F * OutW);  // the first of the F output rows");
            Columns(w, lane =>
            {
                w.Line($"{lane} x = {lane}.Load(ref Unsafe.Add(ref from, ox));");
                w.Line("for (int px = 0; px < F; px++)");
                w.Line($"    {KernelText.Store(lane, "x", "Unsafe.Add(ref to, ox * F + px)", l.As<UpsampleLayer>().Factor)}");
            });
            w.Line("// The other F - 1 output rows repeat the first.");
            w.Line("for (int py = 1; py < F; py++)");
            w.Line("    MemoryMarshal.CreateReadOnlySpan(ref to, OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref to, py * OutW), OutW));");
            w.Close();
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            Constants(w, l);
            KernelText.ActivationRefs(w, l, gradients: true);
            w.Line("if (!propagate) return;");
            w.Line("// inputGradient[c][y][x] = the sum of the F x F deltas it was copied to.");
            w.Open("for (int row = 0; row < C * InH; row++)");
            w.Line("ref float d = ref Unsafe.Add(ref delta, row * F * OutW);");
            w.Line("ref float g = ref Unsafe.Add(ref inputGradient, row * InW);");
            Columns(w, lane =>
            {
                w.Line($"{lane} sum = {lane}.Zero;");
                w.Line("for (int py = 0; py < F; py++)");
                w.Line("    for (int px = 0; px < F; px++)");
                w.Line($"        sum += {KernelText.Load(lane, "Unsafe.Add(ref d, py * OutW + ox * F + px)", l.As<UpsampleLayer>().Factor)};");
                w.Line($"{lane}.Store(sum, ref Unsafe.Add(ref g, ox));");
            });
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>Input columns ox: vector body, scalar tail.</summary>
        private static void Columns(SourceWriter w, System.Action<string> body)
        {
            w.Line("int ox = 0;");
            w.Open("for (; ox <= InW - V.Count; ox += V.Count)");
            body("V");
            w.Close();
            w.Open("for (; ox < InW; ox++)");
            body("Scalar");
            w.Close();
        }
    }
}
