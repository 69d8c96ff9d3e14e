using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// y = a * b (PyTorch's <c>a * b</c>, ONNX's Mul): b of a's shape, or one value per map broadcast over the map
    /// (squeeze-and-excitation's gate). Backward: dE/da = dE/dy * b; dE/db = dE/dy * a, summed over the map when broadcast.
    /// The product has no activation. dE/db always goes to b's gradient slot: b is made inside the network.
    /// </summary>
    internal static class MulEmitter
    {
        public static string Describe(LayerModel l) =>
            $"product {KernelText.Shape(l.InC, l.InH, l.InW)} * {l.Inputs[1].Producer ?? "input"}" + (l.As<MulLayer>().PerMap ? $" ({KernelText.Shape(l.InC, 1, 1)}, per map)" : "");

        private static void OtherRef(SourceWriter w, LayerModel l) =>
            w.Line($"ref float other = ref At(_activations, {l.Inputs[1].Offset});  // {l.Inputs[1].Producer ?? "the network input"}");

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            KernelText.ActivationRefs(w, l, gradients: false);
            OtherRef(w, l);
            if (l.As<MulLayer>().PerMap)
            {
                w.Line($"const int C = {l.InC}, HW = {l.InH * l.InW};");
                w.Open("for (int c = 0; c < C; c++)");
                w.Line("float s = Unsafe.Add(ref other, c);");
                w.Line("V scale = V.Create(s);");
                w.Line("ref float a = ref Unsafe.Add(ref input, c * HW);");
                w.Line("ref float y = ref Unsafe.Add(ref output, c * HW);");
                w.Line("int j = 0;");
                w.Line("for (; j <= HW - V.Count; j += V.Count)");
                w.Line("    V.Store(V.Load(ref Unsafe.Add(ref a, j)) * scale, ref Unsafe.Add(ref y, j));");
                w.Line("for (; j < HW; j++)");
                w.Line("    Unsafe.Add(ref y, j) = Unsafe.Add(ref a, j) * s;");
                w.Close();
            }
            else
            {
                w.Line($"const int N = {l.OutLength};");
                w.Line("int j = 0;");
                w.Line("for (; j <= N - V.Count; j += V.Count)");
                w.Line("    V.Store(V.Load(ref Unsafe.Add(ref input, j)) * V.Load(ref Unsafe.Add(ref other, j)), ref Unsafe.Add(ref output, j));");
                w.Line("for (; j < N; j++)");
                w.Line("    Unsafe.Add(ref output, j) = Unsafe.Add(ref input, j) * Unsafe.Add(ref other, j);");
            }
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            KernelText.ActivationRefs(w, l, gradients: true);
            OtherRef(w, l);
            w.Line($"ref float otherGradient = ref At(_activationGradients, {l.Inputs[1].GradientOffset});");
            if (l.As<MulLayer>().PerMap)
            {
                w.Line($"const int C = {l.InC}, HW = {l.InH * l.InW};");
                w.Open("for (int c = 0; c < C; c++)");
                w.Line("ref float d = ref Unsafe.Add(ref delta, c * HW);");
                w.Line("// dE/ds = sum over the map of dE/dy * a.");
                w.Line("Unsafe.Add(ref otherGradient, c) = Vectors.Dot<V>(ref d, ref Unsafe.Add(ref input, c * HW), HW);");
                w.Line("if (!propagate) continue;");
                w.Line("float s = Unsafe.Add(ref other, c);");
                w.Line("V scale = V.Create(s);");
                w.Line("ref float da = ref Unsafe.Add(ref inputGradient, c * HW);");
                w.Line("int j = 0;");
                w.Line("for (; j <= HW - V.Count; j += V.Count)");
                w.Line("    V.Store(V.Load(ref Unsafe.Add(ref d, j)) * scale, ref Unsafe.Add(ref da, j));");
                w.Line("for (; j < HW; j++)");
                w.Line("    Unsafe.Add(ref da, j) = Unsafe.Add(ref d, j) * s;");
                w.Close();
            }
            else
            {
                w.Line($"const int N = {l.OutLength};");
                w.Line("int j = 0;");
                w.Open("for (; j <= N - V.Count; j += V.Count)");
                w.Line("V d = V.Load(ref Unsafe.Add(ref delta, j));");
                w.Line("V.Store(d * V.Load(ref Unsafe.Add(ref input, j)), ref Unsafe.Add(ref otherGradient, j));");
                w.Line("if (propagate) V.Store(d * V.Load(ref Unsafe.Add(ref other, j)), ref Unsafe.Add(ref inputGradient, j));");
                w.Close();
                w.Open("for (; j < N; j++)");
                w.Line("float d = Unsafe.Add(ref delta, j);");
                w.Line("Unsafe.Add(ref otherGradient, j) = d * Unsafe.Add(ref input, j);");
                w.Line("if (propagate) Unsafe.Add(ref inputGradient, j) = d * Unsafe.Add(ref other, j);");
                w.Close();
            }
            w.Close();
            w.Line();
        }
    }
}
