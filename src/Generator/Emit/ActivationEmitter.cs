using System.Globalization;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The kernels of a standalone activation layer (Layers/ActivationRoom.cs): one elementwise loop each way, calling the
    /// runtime's Activations; PReLU loops over channels, with its slope gradient.
    /// </summary>
    internal static class ActivationEmitter
    {
        /// <summary>Whether the function takes an argument that changes it (LeakyRelu's slope, Elu's and Celu's alpha).</summary>
        public static bool HasArgument(ActivationKind f) => f is ActivationKind.LeakyRelu or ActivationKind.Elu or ActivationKind.Celu;

        /// <summary>"Slope" or "Alpha": the attribute's argument, and the constant the kernels name it by.</summary>
        public static string ArgumentName(ActivationKind f) => f is ActivationKind.LeakyRelu or ActivationKind.Prelu ? "Slope" : "Alpha";

        private static string Value(ActivationLayer p) => p.Argument.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>"gelu", "elu alpha 0.5", "leakyrelu slope 0.2": the summary label.</summary>
        public static string Describe(ActivationLayer p) =>
            p.Function.ToString().ToLowerInvariant() + (HasArgument(p.Function) ? $" {ArgumentName(p.Function).ToLowerInvariant()} {Value(p)}" : "");

        /// <summary>f(u) over lanes, the argument (when the function has one) named by its constant.</summary>
        private static string Forward(ActivationLayer p, string u) =>
            $"Activations.{p.Function}({u}{(HasArgument(p.Function) ? ", " + ArgumentName(p.Function) : "")})";

        /// <summary>f' at this unit: from the input for the functions whose derivative does not follow from the output.</summary>
        private static string Derivative(ActivationLayer p, string lane)
        {
            string argument = HasArgument(p.Function) ? ", " + ArgumentName(p.Function) : "";
            return ActivationRoom.ReadsInput(p.Function) || p.Function == ActivationKind.LeakyRelu
                ? $"Activations.{p.Function}InputDerivative({lane}.Load(ref Unsafe.Add(ref input, j)){argument})"
                : $"Activations.{p.Function}Derivative({lane}.Load(ref Unsafe.Add(ref output, j)){argument})";
        }

        private static void Header(SourceWriter w, LayerModel l, ActivationLayer p)
        {
            w.Line(p.Function == ActivationKind.Prelu ? $"const int C = {l.OutC}, HW = {l.OutH * l.OutW};" : $"const int N = {l.OutLength};");
            if (HasArgument(p.Function)) w.Line($"const float {ArgumentName(p.Function)} = {Value(p)}f;");
        }

        public static void EmitForward(SourceWriter w, LayerModel l, ActivationLayer p)
        {
            KernelText.ForwardHeader(w, l, $"{Describe(p)} over {l.OutLength} units");
            Header(w, l, p);
            KernelText.ActivationRefs(w, l, gradients: false);
            if (p.Function == ActivationKind.Prelu) PreluForward(w, l);
            else
            {
                w.Line($"// output = {p.Function}(input), PyTorch's");
                KernelText.Elementwise(w, "N", lane => $"{lane}.Store({Forward(p, $"{lane}.Load(ref Unsafe.Add(ref input, j))")}, ref Unsafe.Add(ref output, j));");
            }
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l, ActivationLayer p)
        {
            KernelText.BackwardHeader(w, l, Describe(p));
            Header(w, l, p);
            KernelText.ActivationRefs(w, l, gradients: true);
            if (p.Function == ActivationKind.Prelu) PreluBackward(w, l);
            else
            {
                w.Line("if (!propagate) return;");
                w.Line(ActivationRoom.ReadsInput(p.Function) || p.Function == ActivationKind.LeakyRelu
                    ? $"// dE/dinput = delta * {p.Function}'(input)"
                    : $"// dE/dinput = delta * {p.Function}'(u), written in terms of the output");
                KernelText.Elementwise(w, "N", lane => $"{lane}.Store({lane}.Load(ref Unsafe.Add(ref delta, j)) * {Derivative(p, lane)}, ref Unsafe.Add(ref inputGradient, j));");
            }
            w.Close();
            w.Line();
        }

        /// <summary>output = input &gt; 0 ? input : slope[c] * input, map by map.</summary>
        private static void PreluForward(SourceWriter w, LayerModel l)
        {
            w.Line($"ref float weight = ref At(_parameters, {l.WeightOffset});  // [{l.OutC}]: one slope per channel");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float slope = Unsafe.Add(ref weight, c);");
            w.Line("ref float from = ref Unsafe.Add(ref input, c * HW);");
            w.Line("ref float to = ref Unsafe.Add(ref output, c * HW);");
            KernelText.Elementwise(w, "HW", lane => $"{lane}.Store(Activations.LeakyRelu({lane}.Load(ref Unsafe.Add(ref from, j)), slope), ref Unsafe.Add(ref to, j));");
            w.Close();
        }

        /// <summary>dE/dslope[c] += sum of delta * input where input &lt;= 0; dE/dinput = delta * (input &gt; 0 ? 1 : slope[c]).</summary>
        private static void PreluBackward(SourceWriter w, LayerModel l)
        {
            w.Line($"ref float weight = ref At(_parameters, {l.WeightOffset});");
            w.Line($"ref float weightGradient = ref At(_gradients, {l.WeightOffset});");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float slope = Unsafe.Add(ref weight, c);");
            w.Line("ref float from = ref Unsafe.Add(ref input, c * HW);");
            w.Line("ref float d = ref Unsafe.Add(ref delta, c * HW);");
            w.Line("ref float to = ref Unsafe.Add(ref inputGradient, c * HW);");
            w.Line("V sum = V.Zero;");
            w.Line("float tail = 0f;");
            w.Line("int j = 0;");
            w.Open("for (; j <= HW - V.Count; j += V.Count)");
            w.Line("V u = V.Load(ref Unsafe.Add(ref from, j)), g = V.Load(ref Unsafe.Add(ref d, j));");
            w.Line("sum += V.SelectGreater(u, V.Zero, V.Zero, u * g);");
            w.Line("if (propagate) V.Store(g * Activations.LeakyReluInputDerivative(u, slope), ref Unsafe.Add(ref to, j));");
            w.Close();
            w.Open("for (; j < HW; j++)");
            w.Line("float u = Unsafe.Add(ref from, j), g = Unsafe.Add(ref d, j);");
            w.Line("if (!(u > 0f)) tail += u * g;");
            w.Line("if (propagate) Unsafe.Add(ref to, j) = u > 0f ? g : slope * g;");
            w.Close();
            w.Line("Unsafe.Add(ref weightGradient, c) += V.Sum(sum) + tail;");
            w.Close();
        }
    }
}
