using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Output layers: LeNet's Euclidean RBF units, softmax and log-softmax.</summary>
    internal static class OutputEmitter
    {
        public static string Describe(LayerModel l) => l.Kind switch
        {
            LayerKind.Rbf => $"Euclidean RBF {l.InLength} -> {l.OutC}: output[c] = sum over j of (input[j] - centre[c][j])^2, centres {(l.Trainable ? "trainable" : "fixed")}",
            LayerKind.LogSoftmax => $"log-softmax over {l.InLength} inputs: output[j] = input[j] - log(sum over k of e^input[k])",
            _ => $"softmax over {l.InLength} inputs",
        };

        /// <summary>The kernel's name in Vectors: Softmax or LogSoftmax (the backward appends "Backward").</summary>
        private static string Kernel(LayerModel l) => l.Kind == LayerKind.LogSoftmax ? "LogSoftmax" : "Softmax";

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            KernelText.ActivationRefs(w, l, gradients: false);
            if (l.Kind == LayerKind.Rbf)
            {
                w.Line($"const int In = {l.InLength}, Out = {l.OutC};");
                w.Line($"ref float centre = ref At(_parameters, {l.WeightOffset});  // [{l.OutC}][{l.InLength}]");
                w.Line("for (int c = 0; c < Out; c++)");
                w.Line("    Unsafe.Add(ref output, c) = Vectors.SquaredDistance<V>(ref input, ref Unsafe.Add(ref centre, c * In), In);");
            }
            else
            {
                w.Line($"Vectors.{Kernel(l)}<V>(ref input, ref output, {l.InLength});");
            }
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            KernelText.ActivationRefs(w, l, gradients: true);
            if (l.Kind == LayerKind.Rbf)
            {
                w.Line($"const int In = {l.InLength}, Out = {l.OutC};");
                w.Line($"ref float centre = ref At(_parameters, {l.WeightOffset});  // [{l.OutC}][{l.InLength}]");
                if (l.Trainable)
                {
                    w.Line($"ref float centreGradient = ref At(_gradients, {l.WeightOffset});");
                    w.Line("// d output[c] / d centre[c][j] = -2 (input[j] - centre[c][j])");
                    w.Line("for (int c = 0; c < Out; c++)");
                    w.Line("    Vectors.AddScaledDifference<V>(ref Unsafe.Add(ref centreGradient, c * In), ref input, ref Unsafe.Add(ref centre, c * In), -2f * Unsafe.Add(ref delta, c), In);");
                }
                else
                {
                    w.Line("// The centres are fixed: no parameter gradient.");
                }
                w.Line("if (!propagate) return;");
                w.Line("// d output[c] / d input[j] = 2 (input[j] - centre[c][j])");
                w.Line("MemoryMarshal.CreateSpan(ref inputGradient, In).Clear();");
                w.Line("for (int c = 0; c < Out; c++)");
                w.Line("    Vectors.AddScaledDifference<V>(ref inputGradient, ref input, ref Unsafe.Add(ref centre, c * In), 2f * Unsafe.Add(ref delta, c), In);");
            }
            else
            {
                w.Line("if (!propagate) return;");
                w.Line($"Vectors.{Kernel(l)}Backward<V>(ref output, ref delta, ref inputGradient, {l.InLength});");
            }
            w.Close();
            w.Line();
        }
    }
}
