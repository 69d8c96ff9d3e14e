using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Window layers over each map: LeNet's trainable subsampling, mean pooling and max pooling.
    /// Vectorized across output columns (window elements are S floats apart in a row).
    /// </summary>
    internal static class PoolEmitter
    {
        public static string Describe(LayerModel l)
        {
            string shapes = $"{KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, l.OutH, l.OutW)}, {l.Kernel}x{l.Kernel} window, stride {l.Stride}";
            return l.Kind switch
            {
                LayerKind.Subsample => $"subsampling {shapes}: f(coefficient * window sum + bias), one coefficient and bias per map, {l.Activation}",
                LayerKind.AvgPool => $"mean pooling {shapes}",
                _ => $"max pooling {shapes}",
            };
        }

        private static void Constants(SourceWriter w, LayerModel l)
        {
            w.Line(l.As<PoolLayer>().Pairs
                ? $"const int C = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};  // 2x2 windows, stride 2"
                : $"const int C = {l.InC}, InH = {l.PaddedH}, InW = {l.PaddedW}, OutH = {l.OutH}, OutW = {l.OutW}, P = {l.Kernel}, S = {l.Stride};"
                  + (l.Pad > 0 ? $"  // the input padded by {l.Pad} ({(l.Kind == LayerKind.MaxPool ? "-infinity" : "zeros")})" : ""));
            if (l.Pad > 0) w.Line("const int InC = C;");
        }

        /// <summary>The window sum at (m, oy, ox..) into <c>sum</c>.</summary>
        private static void WindowSum(SourceWriter w, LayerModel l, string lane)
        {
            if (l.As<PoolLayer>().Pairs)
            {
                w.Line("ref float top = ref Unsafe.Add(ref source, (m * InH + 2 * oy) * InW + 2 * ox);");
                w.Line($"{lane}.LoadDeinterleaved(ref top, out var p0, out var p1);");
                w.Line($"{lane}.LoadDeinterleaved(ref Unsafe.Add(ref top, InW), out var p2, out var p3);");
                w.Line($"{lane} sum = p0 + p1 + p2 + p3;");
                return;
            }
            w.Line($"{lane} sum = {lane}.Zero;");
            w.Line("ref float window = ref Unsafe.Add(ref source, (m * InH + oy * S) * InW + ox * S);");
            w.Line("for (int py = 0; py < P; py++)");
            w.Line("    for (int px = 0; px < P; px++)");
            w.Line($"        sum += {KernelText.Load(lane, "Unsafe.Add(ref window, py * InW + px)", l.Stride)};");
        }

        private static void Params(SourceWriter w, LayerModel l, bool gradients)
        {
            if (l.Kind == LayerKind.Subsample)
                KernelText.ParameterRefs(w, l, $"[{l.OutC}] coefficients", $"[{l.OutC}]", gradients);
        }

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            Constants(w, l);
            KernelText.ActivationRefs(w, l, gradients: false);
            Params(w, l, gradients: false);
            ConvEmitter.SourceWithPadding(w, l);
            if (l.Kind == LayerKind.MaxPool)
                w.Line($"ref float argmax = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});  // [{l.OutC}][{l.OutH}][{l.OutW}] index py*P + px of each window's max, for Backward");
            w.Open("for (int m = 0; m < C; m++)");
            if (l.Kind == LayerKind.Subsample)
            {
                w.Line("float coefficient = Unsafe.Add(ref weight, m), offset = Unsafe.Add(ref bias, m);");
            }
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            // Lane j of a vector at column ox reads up to (ox + j) * S + P - 1 of P rows: past the row by at most this.
            int readPastRow = (l.Kernel - 1) * l.PaddedW + 15 * l.Stride + l.Kernel;
            KernelText.RowColumns(w, "OutW", "(m * OutH + oy) * OutW + V.Count <= C * OutH * OutW", readPastRow, lane =>
            {
                string at = "ref Unsafe.Add(ref output, (m * OutH + oy) * OutW + ox)";
                if (l.As<PoolLayer>().Pairs)
                {
                    PairForward(w, l, lane, at);
                    return;
                }
                switch (l.Kind)
                {
                    case LayerKind.Subsample:
                        WindowSum(w, l, lane);
                        w.Line($"{lane}.Store({lane}.MultiplyAdd(sum, {lane}.Create(coefficient), {lane}.Create(offset)), {at});");
                        break;
                    case LayerKind.AvgPool:
                        WindowSum(w, l, lane);
                        w.Line($"{lane}.Store(sum * {lane}.Create(1f / (P * P)), {at});");
                        break;
                    default:
                        w.Line("ref float window = ref Unsafe.Add(ref source, (m * InH + oy * S) * InW + ox * S);");
                        w.Line($"{lane} best = {KernelText.Load(lane, "window", l.Stride)};");
                        w.Line($"{lane} index = {lane}.Zero;");
                        w.Open("for (int p = 1; p < P * P; p++)");
                        w.Line($"{lane} value = {KernelText.Load(lane, "Unsafe.Add(ref window, p / P * InW + p % P)", l.Stride)};");
                        w.Line($"index = {lane}.SelectGreater(value, best, {lane}.Create(p), index);  // strictly greater: the first max wins");
                        w.Line($"best = {lane}.Max(value, best);");
                        w.Close();
                        w.Line($"{lane}.Store(best, {at});");
                        w.Line($"{lane}.Store(index, ref Unsafe.Add(ref argmax, (m * OutH + oy) * OutW + ox));");
                        break;
                }
            });
            w.Close();
            w.Close();
            if (l.Kind == LayerKind.Subsample) KernelText.ActivateInPlace(w, l);
            w.Close();
            w.Line();
        }

        private static void PairForward(SourceWriter w, LayerModel l, string lane, string at)
        {
            w.Line("ref float top = ref Unsafe.Add(ref source, (m * InH + 2 * oy) * InW + 2 * ox);");
            w.Line($"{lane}.LoadDeinterleaved(ref top, out var p0, out var p1);                      // window positions 0, 1");
            w.Line($"{lane}.LoadDeinterleaved(ref Unsafe.Add(ref top, InW), out var p2, out var p3);  // window positions 2, 3");
            switch (l.Kind)
            {
                case LayerKind.Subsample:
                    w.Line($"{lane}.Store({lane}.MultiplyAdd(p0 + p1 + p2 + p3, {lane}.Create(coefficient), {lane}.Create(offset)), {at});");
                    break;
                case LayerKind.AvgPool:
                    w.Line($"{lane}.Store((p0 + p1 + p2 + p3) * {lane}.Create(0.25f), {at});");
                    break;
                default:
                    w.Line($"{lane} index = {lane}.Zero, best = p0;");
                    w.Line($"index = {lane}.SelectGreater(p1, best, {lane}.Create(1), index); best = {lane}.Max(p1, best);  // strictly greater: the first max wins");
                    w.Line($"index = {lane}.SelectGreater(p2, best, {lane}.Create(2), index); best = {lane}.Max(p2, best);");
                    w.Line($"index = {lane}.SelectGreater(p3, best, {lane}.Create(3), index); best = {lane}.Max(p3, best);");
                    w.Line($"{lane}.Store(best, {at});");
                    w.Line($"{lane}.Store(index, ref Unsafe.Add(ref argmax, (m * OutH + oy) * OutW + ox));");
                    break;
            }
        }

        private static void PairBackward(SourceWriter w, LayerModel l, string lane)
        {
            w.Line($"{lane} d = {lane}.Load(ref Unsafe.Add(ref delta, (m * OutH + oy) * OutW + ox));");
            w.Line("ref float top = ref Unsafe.Add(ref inputGradient, (m * InH + 2 * oy) * InW + 2 * ox);");
            if (l.Kind == LayerKind.MaxPool)
            {
                w.Line($"{lane} index = {lane}.Load(ref Unsafe.Add(ref argmax, (m * OutH + oy) * OutW + ox));");
                w.Line($"{lane}.StoreInterleaved({lane}.SelectEqual(index, {lane}.Zero, d, {lane}.Zero), {lane}.SelectEqual(index, {lane}.Create(1), d, {lane}.Zero), ref top);");
                w.Line($"{lane}.StoreInterleaved({lane}.SelectEqual(index, {lane}.Create(2), d, {lane}.Zero), {lane}.SelectEqual(index, {lane}.Create(3), d, {lane}.Zero), ref Unsafe.Add(ref top, InW));");
            }
            else
            {
                w.Line($"{lane} share = d * {lane}.Create({(l.Kind == LayerKind.Subsample ? "coefficient" : "0.25f")});");
                w.Line($"{lane}.StoreInterleaved(share, share, ref top);");
                w.Line($"{lane}.StoreInterleaved(share, share, ref Unsafe.Add(ref top, InW));");
            }
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            Constants(w, l);
            KernelText.ActivationRefs(w, l, gradients: true);
            Params(w, l, gradients: true);
            w.Line(l.Pad > 0 ? $"ref float source = ref At(_scratch, {l.PadOffset});  // the padded input Forward left here" : "ref float source = ref input;");
            if (l.Kind == LayerKind.MaxPool)
                w.Line($"ref float argmax = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});");
            if (l.Kind == LayerKind.Subsample)
            {
                KernelText.UndoActivation(w, l);
                w.Line("// Coefficient gradient: sum of delta * window sum; bias gradient: sum of delta (per map).");
                w.Open("for (int m = 0; m < C; m++)");
                w.Line("V coefficientAcc = V.Zero;");
                w.Line("float coefficientTail = 0f;");
                w.Open("for (int oy = 0; oy < OutH; oy++)");
                w.Line("ref float d = ref Unsafe.Add(ref delta, (m * OutH + oy) * OutW);");
                w.Line("int ox = 0;");
                w.Open("for (; ox <= OutW - V.Count; ox += V.Count)");
                WindowSum(w, l, "V");
                w.Line("coefficientAcc = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref d, ox)), sum, coefficientAcc);");
                w.Close();
                w.Open("for (; ox < OutW; ox++)");
                WindowSum(w, l, "Scalar");
                w.Line("coefficientTail = MathF.FusedMultiplyAdd(Unsafe.Add(ref d, ox), sum.Value, coefficientTail);");
                w.Close();
                w.Close();
                w.Line("Unsafe.Add(ref weightGradient, m) += V.Sum(coefficientAcc) + coefficientTail;");
                w.Line("Unsafe.Add(ref biasGradient, m) += Vectors.Sum<V>(ref Unsafe.Add(ref delta, m * OutH * OutW), OutH * OutW);");
                w.Close();
            }
            w.Line("if (!propagate) return;");
            if (l.As<PoolLayer>().Pairs)
            {
                w.Line("// The 2x2 windows tile the input exactly: every input receives exactly one share, so no clearing.");
                w.Open("for (int m = 0; m < C; m++)");
                if (l.Kind == LayerKind.Subsample) w.Line("float coefficient = Unsafe.Add(ref weight, m);");
                w.Open("for (int oy = 0; oy < OutH; oy++)");
                // A narrow row's vector writes 2 V.Count floats on each of its two input rows: the lanes past the row land
                // on input rows that later stores (this window row's second store, the next rows) overwrite.
                // Its reads are one vector of deltas (and of argmax indices) from the row: none past the input.
                KernelText.RowColumns(w, "OutW", "(m * InH + 2 * oy + 1) * InW + 2 * V.Count <= C * InH * InW", 0,
                    lane => PairBackward(w, l, lane));
                w.Close();
                w.Close();
                w.Close();
                w.Line();
                return;
            }
            ConvEmitter.SourceGradient(w, l);
            w.Line("MemoryMarshal.CreateSpan(ref sourceGradient, C * InH * InW).Clear();");
            w.Line(l.Kind switch
            {
                LayerKind.Subsample => "// Each input in a window receives delta * coefficient (accumulated where windows overlap).",
                LayerKind.AvgPool => "// Each input in a window receives delta / (P*P): the spread deltas sum to the pooled delta.",
                _ => "// Each window's delta goes to the position that held its max in Forward.",
            });
            w.Open("for (int m = 0; m < C; m++)");
            if (l.Kind == LayerKind.Subsample) w.Line("float coefficient = Unsafe.Add(ref weight, m);");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            KernelText.Columns(w, "OutW", lane =>
            {
                w.Line($"{lane} d = {lane}.Load(ref Unsafe.Add(ref delta, (m * OutH + oy) * OutW + ox));");
                w.Line("ref float window = ref Unsafe.Add(ref sourceGradient, (m * InH + oy * S) * InW + ox * S);");
                if (l.Kind == LayerKind.MaxPool)
                    w.Line($"{lane} index = {lane}.Load(ref Unsafe.Add(ref argmax, (m * OutH + oy) * OutW + ox));");
                else
                    w.Line($"{lane} share = d * {lane}.Create({(l.Kind == LayerKind.Subsample ? "coefficient" : "1f / (P * P)")});");
                w.Open("for (int p = 0; p < P * P; p++)");
                w.Line("ref float g = ref Unsafe.Add(ref window, p / P * InW + p % P);");
                string add = l.Kind == LayerKind.MaxPool ? $"{lane}.SelectEqual(index, {lane}.Create(p), d, {lane}.Zero)" : "share";
                w.Line(KernelText.Store(lane, $"{KernelText.Load(lane, "g", l.Stride)} + {add}", "g", l.Stride));
                w.Close();
            });
            w.Close();
            w.Close();
            ConvEmitter.CropGradient(w, l);
            w.Close();
            w.Line();
        }
    }
}
