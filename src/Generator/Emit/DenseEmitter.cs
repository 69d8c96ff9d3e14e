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
        public static string Describe(LayerModel l) => l.Kind == LayerKind.Conv
            ? ConvEmitter.Describe(l) + "; the kernel covers the whole input, so it runs as a dense layer"
            : $"dense {l.InLength} -> {l.OutC}, {l.Activation}";

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            w.Line($"const int In = {l.InLength}, Out = {l.OutC};");
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][{l.InLength}]", $"[{l.OutC}]", gradients: false);
            w.Line("// output[o] = f(bias[o] + weight[o] . input), four rows at a time sharing each input load");
            // Split (LayerParts; identity activation only, so no activation pass over other parts' rows): whole blocks of 4 rows.
            bool split = Planner.SplitsForward(l);
            LayerParts.Rows(w, l, "Out", 4);
            string end = split ? "hi" : "Out";
            w.Line(split ? "int o = lo;" : "int o = 0;");
            w.Open($"for (; o <= {end} - 4; o += 4)");
            w.Line("Vectors.Dot4<V>(ref Unsafe.Add(ref weight, o * In), In, ref input, In, out float u0, out float u1, out float u2, out float u3);");
            for (int t = 0; t < 4; t++)
                w.Line(l.BiasCount > 0 ? $"Unsafe.Add(ref output, o + {t}) = Unsafe.Add(ref bias, o + {t}) + u{t};" : $"Unsafe.Add(ref output, o + {t}) = u{t};");
            w.Close();
            w.Line($"for (; o < {end}; o++)");
            w.Line($"    Unsafe.Add(ref output, o) = {(l.BiasCount > 0 ? "Unsafe.Add(ref bias, o) + " : "")}Vectors.Dot<V>(ref Unsafe.Add(ref weight, o * In), ref input, In);");
            KernelText.ActivateInPlace(w, l);
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
            if (l.BiasCount > 0) w.Line("Unsafe.Add(ref biasGradient, o) += d;");
            w.Line("Vectors.AddScaled<V>(ref Unsafe.Add(ref weightGradient, o * In), ref input, d, In);");
            w.Close();
            w.Line("if (!propagate) return;");
            w.Line("// inputGradient = sum over o of delta[o] * weight[o]");
            w.Line("MemoryMarshal.CreateSpan(ref inputGradient, In).Clear();");
            w.Line("int r = 0;");
            w.Line("for (; r <= Out - 4; r += 4)");
            w.Line("    Vectors.AddScaled4<V>(ref inputGradient, ref Unsafe.Add(ref weight, r * In), In,");
            w.Line("        Unsafe.Add(ref delta, r), Unsafe.Add(ref delta, r + 1), Unsafe.Add(ref delta, r + 2), Unsafe.Add(ref delta, r + 3), In);");
            w.Line("for (; r < Out; r++)");
            w.Line("    Vectors.AddScaled<V>(ref inputGradient, ref Unsafe.Add(ref weight, r * In), Unsafe.Add(ref delta, r), In);");
            w.Close();
            w.Line();
        }
    }
}
