using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Full connection over the flattened input: dense layers, and convolutions whose kernel covers the whole
    /// unpadded input (LeNet's C5: 16@5x5 -> 120@1x1), which are the same computation with the same weight layout
    /// [out][in][kh][kw] = [out][in * kh * kw]. Each output is a vector dot product.
    /// </summary>
    internal static class DenseEmitter
    {
        /// <summary>A convolution that is really a dense layer: one output position, full connectivity, no padding.</summary>
        public static bool IsDenseConv(LayerModel l) =>
            l.Kind == LayerKind.Conv && l.OutH == 1 && l.OutW == 1 && l.Pad == 0 && !l.HasTable && l.Kernel == l.InH && l.Kernel == l.InW;

        public static string Describe(LayerModel l) => l.Kind == LayerKind.Conv
            ? ConvEmitter.Describe(l) + "; the kernel covers the whole input, so it runs as a dense layer"
            : $"dense {l.InLength} -> {l.OutC}, {l.Activation}";

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            w.Line($"const int In = {l.InLength}, Out = {l.OutC};");
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][{l.InLength}]", $"[{l.OutC}]", gradients: false);
            w.Line("// output[o] = f(bias[o] + weight[o] . input)");
            w.Open("for (int o = 0; o < Out; o++)");
            w.Line("float u = Unsafe.Add(ref bias, o) + Vectors.Dot<V>(ref Unsafe.Add(ref weight, o * In), ref input, In);");
            w.Line(l.Activation == ActivationKind.Identity
                ? "Unsafe.Add(ref output, o) = u;"
                : $"Unsafe.Add(ref output, o) = Activations.{l.Activation}(new Scalar(u)).Value;");
            w.Close();
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            w.Line($"const int In = {l.InLength}, Out = {l.OutC};");
            KernelText.ActivationRefs(w, l, gradients: true);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][{l.InLength}]", $"[{l.OutC}]", gradients: true);
            KernelText.UndoActivation(w, l);
            w.Line("// weightGradient[o] += delta[o] * input; biasGradient[o] += delta[o]");
            w.Open("for (int o = 0; o < Out; o++)");
            w.Line("float d = Unsafe.Add(ref delta, o);");
            w.Line("Unsafe.Add(ref biasGradient, o) += d;");
            w.Line("Vectors.AddScaled<V>(ref Unsafe.Add(ref weightGradient, o * In), ref input, d, In);");
            w.Close();
            w.Line("if (!propagate) return;");
            w.Line("// inputGradient = sum over o of delta[o] * weight[o]");
            w.Line("MemoryMarshal.CreateSpan(ref inputGradient, In).Clear();");
            w.Line("for (int o = 0; o < Out; o++)");
            w.Line("    Vectors.AddScaled<V>(ref inputGradient, ref Unsafe.Add(ref weight, o * In), Unsafe.Add(ref delta, o), In);");
            w.Close();
            w.Line();
        }
    }
}
