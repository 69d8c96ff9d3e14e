using System.Globalization;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Batch normalization per map: y = f(x * scale + shift) with scale = weight / sqrt(var + eps) and
    /// shift = bias - mean * scale. While Training with a BatchNormSync, mean and var are the batch's (each sample hands
    /// its per-map sums to the sync and gets the batch's back) and the running statistics follow them; otherwise the
    /// running statistics are used. Vectorized over the positions of a map. The bodies depend only on the shape, eps,
    /// momentum and activation, so same-shape batch norms share one method each (<see cref="SharedMethods"/>): the
    /// layer's method passes its buffers, its exchange span and its sync key.
    /// </summary>
    internal static class BatchNormEmitter
    {
        public static string Describe(LayerModel l) =>
            $"batch normalization of {KernelText.Shape(l.InC, l.InH, l.InW)}, eps {l.Epsilon.ToString(CultureInfo.InvariantCulture)}, momentum {l.As<BatchNormLayer>().Momentum.ToString(CultureInfo.InvariantCulture)}, {l.Activation}";

        /// <summary>
        /// normScale[c] and normShift[c] of a batch norm a convolution applies on its way out, from the running statistics:
        /// y = x * scale + shift, with the batch norm's own arithmetic (the refs runningMean, runningVariance, normWeight and
        /// normBias are the caller's).
        /// </summary>
        internal static void RunningScaleShift(SourceWriter w, LayerModel norm)
        {
            w.Line("Span<float> normScale = stackalloc float[OutC], normShift = stackalloc float[OutC];");
            w.Open("for (int c = 0; c < OutC; c++)");
            w.Line($"float inverse = 1f / MathF.Sqrt(Unsafe.Add(ref runningVariance, c) + {F(norm.Epsilon)});  // as the batch norm computes it");
            w.Line("normScale[c] = Unsafe.Add(ref normWeight, c) * inverse;");
            w.Line("normShift[c] = Unsafe.Add(ref normBias, c) - Unsafe.Add(ref runningMean, c) * normScale[c];");
            w.Close();
        }

        internal static string F(double v) => ((float)v).ToString("R", CultureInfo.InvariantCulture) + "f";

        private static void Refs(SourceWriter w, LayerModel l, bool gradients)
        {
            w.Line($"const int C = {l.InC}, HW = {l.InH * l.InW};");
            KernelText.ActivationRefs(w, l, gradients);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}] scales (gamma)", $"[{l.OutC}] shifts (beta)", gradients);
            w.Line($"ref float runningMean = ref At(_state, {l.StateOffset});  // [C]");
            w.Line($"ref float runningVariance = ref At(_state, {l.StateAt(BatchNormRoom.RunningVariance)});  // [C]");
            w.Line($"ref float mean = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});  // [C] the mean this pass normalized with");
            w.Line($"ref float inverse = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own) + l.OutC});  // [C] 1 / sqrt(var + eps) of this pass");
            w.Line($"ref float batchMode = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own) + 4 * l.OutC + 1});  // 1 when this pass used batch statistics");
        }

        /// <param name="fused">The convolution before applies this batch norm while compacting its rows, except with batch statistics.</param>
        public static void EmitForward(SourceWriter w, LayerModel l, bool fused = false)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            string body = SharedMethods.Render(w, b => ForwardBody(b, l, fused));
            CallShared(w, l, body, $"{ShapeName(l)}{(fused ? "_Fused" : "")}_Forward", "", "", 2 * l.StateOffset);
            w.Close();
            w.Line();
        }

        /// <summary>
        /// The layer's method as a call to the shared body: its exchange span declared here (the length a literal: the
        /// body's constants are not in scope) and passed in with the sync key, which is the layer's own.
        /// </summary>
        private static void CallShared(SourceWriter w, LayerModel l, string body, string name, string parameters, string arguments, int exchangeKey)
        {
            w.Line($"Span<float> exchange = _scratch.AsSpan({l.ScratchAt(ScratchRoles.Own) + 2 * l.OutC}, {2 * l.OutC + 1});  // per-map sums handed to the sync, and the count");
            if (SharedMethods.Lift(body) is null)
            {
                w.Line($"const int exchangeKey = {exchangeKey};");
                SharedMethods.Inline(w, body);
                return;
            }
            string own = parameters.Length == 0 ? "" : parameters + ", ";
            string passed = arguments.Length == 0 ? "" : arguments + ", ";
            string what = name.EndsWith("_Backward") ? "Backward" : "Forward";
            SharedMethods.Call(w, l.Name, body, name, $"{what} of a {Describe(l)}.", own + "int exchangeKey, Span<float> exchange", passed + $"{exchangeKey}, exchange");
        }

        /// <summary>A batch norm's shape in a shared method's name: BatchNorm_256x14x14_ReLU.</summary>
        private static string ShapeName(LayerModel l) =>
            $"BatchNorm_{l.InC}x{l.InH}x{l.InW}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}";

        private static void ForwardBody(SourceWriter w, LayerModel l, bool fused)
        {
            Refs(w, l, gradients: false);
            w.Open("if (Training && BatchNormSync is { } sync)");
            w.Line("// Batch statistics: this sample's sums of x and x^2 per map, summed over the batch by the sync.");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("exchange[2 * c] = Vectors.Sum<V>(ref Unsafe.Add(ref input, c * HW), HW);");
            w.Line("exchange[2 * c + 1] = Vectors.Dot<V>(ref Unsafe.Add(ref input, c * HW), ref Unsafe.Add(ref input, c * HW), HW);");
            w.Close();
            w.Line("exchange[2 * C] = HW;");
            w.Line("sync.Exchange(exchangeKey, exchange);");
            w.Line("float n = exchange[2 * C];");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float m = exchange[2 * c] / n, variance = MathF.Max(0f, exchange[2 * c + 1] / n - m * m);");
            w.Line("Unsafe.Add(ref mean, c) = m;");
            w.Line($"Unsafe.Add(ref inverse, c) = 1f / MathF.Sqrt(variance + {F(l.Epsilon)});");
            w.Line("// The running statistics move toward the batch's (the variance unbiased, as PyTorch keeps it).");
            w.Line($"Unsafe.Add(ref runningMean, c) += {F(l.As<BatchNormLayer>().Momentum)} * (m - Unsafe.Add(ref runningMean, c));");
            w.Line($"Unsafe.Add(ref runningVariance, c) += {F(l.As<BatchNormLayer>().Momentum)} * (variance * n / MathF.Max(1f, n - 1f) - Unsafe.Add(ref runningVariance, c));");
            w.Close();
            w.Line("batchMode = 1f;");
            w.Close();
            w.Open("else");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("Unsafe.Add(ref mean, c) = Unsafe.Add(ref runningMean, c);");
            w.Line($"Unsafe.Add(ref inverse, c) = 1f / MathF.Sqrt(Unsafe.Add(ref runningVariance, c) + {F(l.Epsilon)});");
            w.Close();
            w.Line("batchMode = 0f;");
            w.Close();
            if (fused)
            {
                w.Line("// With the running statistics the convolution before wrote this output while compacting its rows.");
                w.Line("if (batchMode == 0f) return;");
            }
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float scale = Unsafe.Add(ref weight, c) * Unsafe.Add(ref inverse, c);");
            w.Line("float shift = Unsafe.Add(ref bias, c) - Unsafe.Add(ref mean, c) * scale;");
            NormEmitter.Positions(w, lane =>
                w.Line($"{lane}.Store({KernelText.Activate(l.Activation, $"{lane}.MultiplyAdd({lane}.Load(ref Unsafe.Add(ref input, c * HW + p)), {lane}.Create(scale), {lane}.Create(shift))")}, ref Unsafe.Add(ref output, c * HW + p));"));
            w.Close();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            string body = SharedMethods.Render(w, b => BackwardBody(b, l));
            CallShared(w, l, body, $"{ShapeName(l)}_Backward", "bool propagate", "propagate", 2 * l.StateOffset + 1);
            w.Close();
            w.Line();
        }

        private static void BackwardBody(SourceWriter w, LayerModel l)
        {
            Refs(w, l, gradients: true);
            KernelText.UndoActivation(w, l);
            w.Line("// Per map: sum of delta, and sum of delta * xhat with xhat = (x - mean) / std; they are the bias and weight gradients.");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float sum = Vectors.Sum<V>(ref Unsafe.Add(ref delta, c * HW), HW);");
            w.Line("float centred = (Vectors.Dot<V>(ref Unsafe.Add(ref delta, c * HW), ref Unsafe.Add(ref input, c * HW), HW) - Unsafe.Add(ref mean, c) * sum) * Unsafe.Add(ref inverse, c);");
            w.Line("Unsafe.Add(ref weightGradient, c) += centred;");
            w.Line("Unsafe.Add(ref biasGradient, c) += sum;");
            w.Line("exchange[2 * c] = sum;");
            w.Line("exchange[2 * c + 1] = centred;");
            w.Close();
            w.Line("exchange[2 * C] = HW;");
            w.Open("if (batchMode == 1f)");
            w.Line("// The batch's mean and variance depend on every sample: dx = gamma / std * (delta - mean of delta - xhat * mean of delta * xhat),");
            w.Line("// the means over the batch. Every sample exchanges, even when it needs no dE/dinput, or the others would wait.");
            w.Line("BatchNormSync!.Exchange(exchangeKey, exchange);");
            w.Line("if (!propagate) return;");
            w.Line("float n = exchange[2 * C];");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float g = Unsafe.Add(ref weight, c) * Unsafe.Add(ref inverse, c), m = Unsafe.Add(ref mean, c), s = Unsafe.Add(ref inverse, c);");
            w.Line("float meanDelta = exchange[2 * c] / n, meanDeltaXhat = exchange[2 * c + 1] / n;");
            NormEmitter.Positions(w, lane =>
            {
                w.Line($"{lane} xhat = ({lane}.Load(ref Unsafe.Add(ref input, c * HW + p)) - {lane}.Create(m)) * {lane}.Create(s);");
                w.Line($"{lane} d = {lane}.Load(ref Unsafe.Add(ref delta, c * HW + p)) - {lane}.Create(meanDelta) - xhat * {lane}.Create(meanDeltaXhat);");
                w.Line($"{lane}.Store(d * {lane}.Create(g), ref Unsafe.Add(ref inputGradient, c * HW + p));");
            });
            w.Close();
            w.Line("return;");
            w.Close();
            w.Line("if (!propagate) return;");
            w.Line("// Running statistics are constants: dx = delta * weight / std.");
            w.Open("for (int c = 0; c < C; c++)");
            w.Line("float scale = Unsafe.Add(ref weight, c) * Unsafe.Add(ref inverse, c);");
            NormEmitter.Positions(w, lane =>
                w.Line($"{lane}.Store({lane}.Load(ref Unsafe.Add(ref delta, c * HW + p)) * {lane}.Create(scale), ref Unsafe.Add(ref inputGradient, c * HW + p));"));
            w.Close();
        }
    }
}
