using System;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Wide convolutions at stride 2: the input gathered (1x1) or split into its parity planes, as methods of their own.</summary>
    internal static partial class WideConvEmitter
    {
        /// <summary>The shared method gathering a 1x1 stride-2 convolution's input: the even rows and columns, contiguous.</summary>
        private static string GatherInputMethod(SourceWriter w, LayerModel l)
        {
            string text = SharedMethods.Render(w, b =>
            {
                b.Open($"private static void {SharedMethods.NameToken}<V>(ref float input, ref float gathered) {KernelText.Constraint}");
                b.Line($"const int InC = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};");
                b.Open("for (int i = 0; i < InC; i++)");
                b.Open("for (int oy = 0; oy < OutH; oy++)");
                b.Line("ref float from = ref Unsafe.Add(ref input, (i * InH + 2 * oy) * InW);");
                b.Line("ref float to = ref Unsafe.Add(ref gathered, (i * OutH + oy) * OutW);");
                b.Line("int ox = 0;");
                b.Line("for (; ox <= OutW - V.Count && 2 * (ox + V.Count) <= InW; ox += V.Count)");
                b.Line("    V.Store(V.LoadEven(ref Unsafe.Add(ref from, 2 * ox)), ref Unsafe.Add(ref to, ox));");
                b.Line("for (; ox < OutW; ox++)");
                b.Line("    Unsafe.Add(ref to, ox) = Unsafe.Add(ref from, 2 * ox);");
                b.Close();
                b.Close();
                b.Close();
            });
            return w.Shared.Use($"Gather{l.InC}x{l.InH}x{l.InW}_EvenRowsColumns", $"The even rows and columns of the input ([{l.InC}][{l.OutH}][{l.OutW}]), for a 1x1 stride-2 convolution.", text, l.Name);
        }

        /// <summary>The shared method scattering the gathered input's gradient back (the odd rows and columns get 0).</summary>
        private static string ScatterGradientMethod(SourceWriter w, LayerModel l)
        {
            string text = SharedMethods.Render(w, b =>
            {
                b.Open($"private static void {SharedMethods.NameToken}<V>(ref float inputGradient, ref float gathered) {KernelText.Constraint}");
                b.Line($"const int InC = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};");
                b.Line("MemoryMarshal.CreateSpan(ref inputGradient, InC * InH * InW).Clear();");
                b.Open("for (int i = 0; i < InC; i++)");
                b.Open("for (int oy = 0; oy < OutH; oy++)");
                b.Line("ref float to = ref Unsafe.Add(ref inputGradient, (i * InH + 2 * oy) * InW);");
                b.Line("ref float from = ref Unsafe.Add(ref gathered, (i * OutH + oy) * OutW);");
                b.Line("for (int ox = 0; ox < OutW; ox++)");
                b.Line("    Unsafe.Add(ref to, 2 * ox) = Unsafe.Add(ref from, ox);");
                b.Close();
                b.Close();
                b.Close();
            });
            return w.Shared.Use($"Scatter{l.InC}x{l.InH}x{l.InW}_EvenRowsColumns", "dE/dinput from the gathered input's gradient, for a 1x1 stride-2 convolution (the odd rows and columns get 0).", text, l.Name);
        }

        /// <summary>
        /// The parity planes of a stride-2 convolution's padded input: plane (a, b) of map i holds source[i][2y + a][2x + b]
        /// ([2][2][InC][PH][PW], plane (a, 1) right after plane (a, 0) of all maps). Pads first, into the buffer Backward
        /// reads. A plane column past an odd padded width holds whatever follows the row: only discarded positions read it.
        /// </summary>
        /// <returns>The call, passing phases and (with padding) the padded input: locals the caller declares.</returns>
        private static string SplitPhasesMethod(SourceWriter w, LayerModel l)
        {
            // The copy into the padded buffer as ConvEmitter writes it, its buffer lifted out as a parameter (or, should
            // that fail, left in: an instance method reaches _scratch itself).
            string copy = SharedMethods.Render(w, b => ConvEmitter.SourceWithPadding(b, l));
            var padding = SharedMethods.Lift(copy) ?? new SharedMethods.Lifted(new(), new(), copy.TrimEnd('\n'));
            foreach (var d in padding.Declarations) w.Line(d);
            string parameters = string.Join(", ", new[] { "ref float input", "ref float phases", padding.Parameters }.Where(p => p.Length > 0));
            string text = SharedMethods.Render(w, b => SplitPhasesText(b, l, parameters, padding.Body));
            string name = w.Shared.Use($"Split{l.InC}x{l.InH}x{l.InW}_Pad{l.Pad}_Phases", "The padded input split by row and column parity, for a stride-2 convolution's forward.", text, l.Name);
            return $"{name}<V>({string.Join(", ", new[] { "ref input", "ref phases", padding.Arguments }.Where(p => p.Length > 0))})";
        }

        private static void SplitPhasesText(SourceWriter w, LayerModel l, string parameters, string padding)
        {
            w.Open($"private void {SharedMethods.NameToken}<V>({parameters}) {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InH = {l.PaddedH}, InW = {l.PaddedW}, PH = {l.PhaseH}, PW = {l.PhaseW};");
            foreach (var line in padding.Split('\n')) w.Line(line);
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int y = 0; y < InH; y++)");
            w.Line("ref float row = ref Unsafe.Add(ref source, (i * InH + y) * InW);");
            w.Line("ref float even = ref Unsafe.Add(ref phases, (((y & 1) * 2 * InC) + i) * PH * PW + (y >> 1) * PW);");
            w.Line("ref float odd = ref Unsafe.Add(ref even, InC * PH * PW);");
            KernelText.SplitRowByParity(w);
            w.Close();
            w.Close();
            w.Close();
        }
    }
}
