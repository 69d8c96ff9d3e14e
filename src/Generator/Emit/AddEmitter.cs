using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// A residual join: y = f(main + shortcut). Backward hands the same dE/du to both inputs. The bodies depend only on
    /// the length and activation: same-shape joins share one method each (<see cref="SharedMethods"/>).
    /// </summary>
    internal static class AddEmitter
    {
        public static string Describe(LayerModel l) => $"residual join {KernelText.Shape(l.InC, l.InH, l.InW)}: f(input + {l.Inputs[1].Producer ?? "shortcut"}), {l.Activation}";

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            string body = SharedMethods.Render(w, b => ForwardBody(b, l));
            SharedMethods.Call(w, l.Name, body, $"{ShapeName(l)}_Forward", $"Forward of a residual join {KernelText.Shape(l.InC, l.InH, l.InW)}, {l.Activation}.",
                LayerParts.ParametersOf(l), LayerParts.ArgumentsOf(l));
            w.Close();
            w.Line();
        }

        /// <summary>A join's shape in a shared method's name: Add_256x56x56_ReLU.</summary>
        private static string ShapeName(LayerModel l) =>
            $"Add_{l.InC}x{l.InH}x{l.InW}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}";

        private static void ForwardBody(SourceWriter w, LayerModel l)
        {
            w.Line($"const int N = {l.OutLength};");
            KernelText.ActivationRefs(w, l, gradients: false);
            w.Line($"ref float shortcut = ref At(_activations, {l.Inputs[1].Offset});  // {l.Inputs[1].Producer ?? "the block's input"}");
            // Split: shares of whole 64-float units, so every vector stays a vector and the scalar tail stays in the last part.
            LayerParts.Rows(w, l, "N", 64);
            bool split = Planner.SplitsForward(l);
            string end = split ? "hi" : "N";
            w.Line(split ? "int i = lo;" : "int i = 0;");
            w.Line($"for (; i <= {end} - V.Count; i += V.Count)");
            w.Line($"    V.Store({KernelText.Activate(l.Activation, "V.Load(ref Unsafe.Add(ref input, i)) + V.Load(ref Unsafe.Add(ref shortcut, i))")}, ref Unsafe.Add(ref output, i));");
            w.Line($"for (; i < {end}; i++)");
            w.Line($"    Unsafe.Add(ref output, i) = {KernelText.Activate(l.Activation, "new Scalar(Unsafe.Add(ref input, i) + Unsafe.Add(ref shortcut, i))")}.Value;");
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            string body = SharedMethods.Render(w, b => BackwardBody(b, l));
            SharedMethods.Call(w, l.Name, body, $"{ShapeName(l)}_Backward", $"Backward of a residual join {KernelText.Shape(l.InC, l.InH, l.InW)}, {l.Activation}.", "", "");
            w.Close();
            w.Line();
        }

        private static void BackwardBody(SourceWriter w, LayerModel l)
        {
            w.Line($"const int N = {l.OutLength};");
            KernelText.ActivationRefs(w, l, gradients: true);
            w.Line($"ref float shortcutGradient = ref At(_activationGradients, {l.Inputs[1].GradientOffset});");
            KernelText.UndoActivation(w, l);
            w.Line("// Both inputs receive dE/du unchanged.");
            w.Line("MemoryMarshal.CreateReadOnlySpan(ref delta, N).CopyTo(MemoryMarshal.CreateSpan(ref inputGradient, N));");
            w.Line("MemoryMarshal.CreateReadOnlySpan(ref delta, N).CopyTo(MemoryMarshal.CreateSpan(ref shortcutGradient, N));");
        }
    }
}
