using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// ShuffleNetV2's data movement: the channel shuffle and the channel slice. Both move whole maps, which are contiguous
    /// in the [C][H][W] layout, so each map is one block copy (a memmove: the same on every ISA path; there is no
    /// arithmetic to vectorize). The shuffle follows PyTorch's channel_shuffle (view [G][C/G], transpose, flatten): output
    /// map k * G + j is input map j * (C/G) + k; its backward applies the inverse permutation to the deltas.
    /// </summary>
    internal static class ShuffleEmitter
    {
        private static void Copy(SourceWriter w, string from, string to, string length) =>
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref {from}, {length}).CopyTo(MemoryMarshal.CreateSpan(ref {to}, {length}));");

        public static void EmitShuffle(SourceWriter w, LayerModel l, bool backward)
        {
            int g = l.As<ChannelShuffleLayer>().Groups;
            string what = $"channel shuffle of {KernelText.Shape(l.InC, l.InH, l.InW)} in {g} groups (output map k * {g} + j = input map j * {l.InC / g} + k)";
            if (backward) KernelText.BackwardHeader(w, l, what);
            else KernelText.ForwardHeader(w, l, what);
            KernelText.ActivationRefs(w, l, gradients: backward);
            if (backward) w.Line("if (!propagate) return;");
            w.Line($"const int G = {g}, K = {l.InC / g}, HW = {l.InH * l.InW};");
            w.Line("for (int j = 0; j < G; j++)");
            w.Line("    for (int k = 0; k < K; k++)");
            if (backward)
                w.Line("        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref delta, (k * G + j) * HW), HW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref inputGradient, (j * K + k) * HW), HW));");
            else
                w.Line("        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref input, (j * K + k) * HW), HW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output, (k * G + j) * HW), HW));");
            w.Close();
            w.Line();
        }

        public static void EmitSlice(SourceWriter w, LayerModel l, bool backward)
        {
            int start = l.As<ChannelSliceLayer>().Start, hw = l.InH * l.InW;
            string what = $"maps {start}..{start + l.OutC - 1} of {KernelText.Shape(l.InC, l.InH, l.InW)}";
            if (backward) KernelText.BackwardHeader(w, l, what);
            else KernelText.ForwardHeader(w, l, what);
            KernelText.ActivationRefs(w, l, gradients: backward);
            if (!backward)
            {
                w.Line($"const int Before = {start * hw}, Length = {l.OutLength};");
                Copy(w, "Unsafe.Add(ref input, Before)", "output", "Length");
            }
            else
            {
                w.Line("if (!propagate) return;");
                w.Line($"const int Before = {start * hw}, Length = {l.OutLength}, After = {l.InLength - start * hw - l.OutLength};");
                w.Line("// This reader's whole share of dE/dinput: the deltas in its range, nothing outside it.");
                w.Line("MemoryMarshal.CreateSpan(ref inputGradient, Before).Clear();");
                Copy(w, "delta", "Unsafe.Add(ref inputGradient, Before)", "Length");
                w.Line("MemoryMarshal.CreateSpan(ref Unsafe.Add(ref inputGradient, Before + Length), After).Clear();");
            }
            w.Close();
            w.Line();
        }
    }
}
