using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Wide convolutions at stride 2: the input gathered (1x1) or split into its parity planes, as methods of their own.</summary>
    internal static partial class WideConvEmitter
    {
        /// <summary>The gather of a 1x1 stride-2 convolution's input, and the scatter of its gradient back.</summary>
        private static void GatherMethods(SourceWriter w, LayerModel l)
        {
            w.Line($"/// <summary>{l.Name}: the even rows and columns of the input, contiguous ([{l.InC}][{l.OutH}][{l.OutW}]), for the 1x1 stride-2 convolution.</summary>");
            w.Open($"private void {l.Id}_GatherInput<V>() {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line($"ref float input = ref At(_activations, {l.InOffset});");
            w.Line($"ref float gathered = ref At(_scratch, {l.PadOffset});");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float from = ref Unsafe.Add(ref input, (i * InH + 2 * oy) * InW);");
            w.Line("ref float to = ref Unsafe.Add(ref gathered, (i * OutH + oy) * OutW);");
            w.Line("int ox = 0;");
            w.Line("for (; ox <= OutW - V.Count && 2 * (ox + V.Count) <= InW; ox += V.Count)");
            w.Line("    V.Store(V.LoadEven(ref Unsafe.Add(ref from, 2 * ox)), ref Unsafe.Add(ref to, ox));");
            w.Line("for (; ox < OutW; ox++)");
            w.Line("    Unsafe.Add(ref to, ox) = Unsafe.Add(ref from, 2 * ox);");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
            w.Line($"/// <summary>{l.Name}: dE/dinput from the gathered input's gradient (the odd rows and columns get 0).</summary>");
            w.Open($"private void {l.Id}_ScatterGradient<V>() {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line($"ref float inputGradient = ref At(_activationGradients, {l.InGradOffset});");
            w.Line($"ref float gathered = ref At(_scratch, {l.PadGradientOffset});");
            w.Line("MemoryMarshal.CreateSpan(ref inputGradient, InC * InH * InW).Clear();");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float to = ref Unsafe.Add(ref inputGradient, (i * InH + 2 * oy) * InW);");
            w.Line("ref float from = ref Unsafe.Add(ref gathered, (i * OutH + oy) * OutW);");
            w.Line("for (int ox = 0; ox < OutW; ox++)");
            w.Line("    Unsafe.Add(ref to, 2 * ox) = Unsafe.Add(ref from, ox);");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>
        /// The parity planes of a stride-2 convolution's padded input: plane (a, b) of map i holds source[i][2y + a][2x + b]
        /// ([2][2][InC][PH][PW], plane (a, 1) right after plane (a, 0) of all maps). Pads first, into the buffer Backward
        /// reads. A plane column past an odd padded width holds whatever follows the row: only discarded positions read it.
        /// </summary>
        private static void SplitPhasesMethod(SourceWriter w, LayerModel l)
        {
            w.Line($"/// <summary>{l.Name}: the padded input split by row and column parity, for the stride-2 forward.</summary>");
            w.Open($"private void {l.Id}_SplitPhases<V>() {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InH = {l.PaddedH}, InW = {l.PaddedW}, PH = {l.PhaseH}, PW = {l.PhaseW};");
            w.Line($"ref float input = ref At(_activations, {l.InOffset});");
            w.Line($"ref float phases = ref At(_scratch, {l.PhaseOffset});");
            ConvEmitter.SourceWithPadding(w, l);
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int y = 0; y < InH; y++)");
            w.Line("ref float row = ref Unsafe.Add(ref source, (i * InH + y) * InW);");
            w.Line("ref float even = ref Unsafe.Add(ref phases, (((y & 1) * 2 * InC) + i) * PH * PW + (y >> 1) * PW);");
            w.Line("ref float odd = ref Unsafe.Add(ref even, InC * PH * PW);");
            w.Line("int x = 0;");
            w.Open("for (; x <= PW - V.Count; x += V.Count)");
            w.Line("V.LoadDeinterleaved(ref Unsafe.Add(ref row, 2 * x), out var e, out var o);");
            w.Line("V.Store(e, ref Unsafe.Add(ref even, x));");
            w.Line("V.Store(o, ref Unsafe.Add(ref odd, x));");
            w.Close();
            w.Open("for (; x < PW; x++)");
            w.Line("Unsafe.Add(ref even, x) = Unsafe.Add(ref row, 2 * x);");
            w.Line("Unsafe.Add(ref odd, x) = Unsafe.Add(ref row, 2 * x + 1);");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
