using System.Globalization;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Batch normalization with the running statistics ("frozen"): per map, y = f(x * scale + shift) with
    /// scale = weight / sqrt(var + eps) and shift = bias - mean * scale. Vectorized over the positions of a map.
    /// </summary>
    internal static class BatchNormEmitter
    {
        public static string Describe(LayerModel l) =>
            $"batch normalization of {KernelText.Shape(l.InC, l.InH, l.InW)} with the running statistics, eps {l.Epsilon.ToString(CultureInfo.InvariantCulture)}, {l.Activation}";

        private static void Refs(SourceWriter w, LayerModel l, bool gradients)
        {
            w.Line($"const int C = {l.InC}, HW = {l.InH * l.InW};");
            w.Line($"const float Epsilon = {((float)l.Epsilon).ToString("R", CultureInfo.InvariantCulture)}f;");
            KernelText.ActivationRefs(w, l, gradients);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}] scales (gamma)", $"[{l.OutC}] shifts (beta)", gradients);
            w.Line($"ref float mean = ref At(_state, {l.StateOffset});  // [{l.OutC}] running mean");
            w.Line($"ref float variance = ref At(_state, {l.StateOffset + l.OutC});  // [{l.OutC}] running variance");
        }

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            Refs(w, l, gradients: false);
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float scale = Unsafe.Add(ref weight, c) / MathF.Sqrt(Unsafe.Add(ref variance, c) + Epsilon);");
            w.Line("float shift = Unsafe.Add(ref bias, c) - Unsafe.Add(ref mean, c) * scale;");
            NormEmitter.Positions(w, lane =>
                w.Line($"{lane}.Store({KernelText.Activate(l.Activation, $"{lane}.MultiplyAdd({lane}.Load(ref Unsafe.Add(ref input, c * HW + p)), {lane}.Create(scale), {lane}.Create(shift))")}, ref Unsafe.Add(ref output, c * HW + p));"));
            w.Close();
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            Refs(w, l, gradients: true);
            KernelText.UndoActivation(w, l);
            w.Line("// d weight[c] = sum of delta * (x - mean) / sqrt(var + eps); d bias[c] = sum of delta; dx = delta * scale");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float inverse = 1f / MathF.Sqrt(Unsafe.Add(ref variance, c) + Epsilon);");
            w.Line("float centred = Vectors.Dot<V>(ref Unsafe.Add(ref delta, c * HW), ref Unsafe.Add(ref input, c * HW), HW)");
            w.Line("    - Unsafe.Add(ref mean, c) * Vectors.Sum<V>(ref Unsafe.Add(ref delta, c * HW), HW);");
            w.Line("Unsafe.Add(ref weightGradient, c) += centred * inverse;");
            w.Line("Unsafe.Add(ref biasGradient, c) += Vectors.Sum<V>(ref Unsafe.Add(ref delta, c * HW), HW);");
            w.Close();
            w.Line("if (!propagate) return;");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float scale = Unsafe.Add(ref weight, c) / MathF.Sqrt(Unsafe.Add(ref variance, c) + Epsilon);");
            NormEmitter.Positions(w, lane =>
                w.Line($"{lane}.Store({lane}.Load(ref Unsafe.Add(ref delta, c * HW + p)) * {lane}.Create(scale), ref Unsafe.Add(ref inputGradient, c * HW + p));"));
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
