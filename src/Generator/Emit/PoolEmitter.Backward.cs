using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>The window layers' backward pass: the subsampling parameters' gradients, then dE/dinput.</summary>
    internal static partial class PoolEmitter
    {
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
            var pool = l.As<PoolLayer>();
            var n = new Names(pool);
            KernelText.BackwardHeader(w, l, Describe(l));
            Constants(w, l);
            KernelText.ActivationRefs(w, l, gradients: true);
            Params(w, l, gradients: true);
            w.Line(pool.Padded ? $"ref float source = ref At(_scratch, {l.ScratchAt(ScratchRoles.Source)});  // the padded input Forward left here" : "ref float source = ref input;");
            if (l.Kind == LayerKind.MaxPool)
                w.Line($"ref float argmax = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});");
            DivisorRef(w, l);
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
            if (pool.Pairs)
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
            int gradientAt = l.ScratchAt(ScratchRoles.SourceGradient);
            w.Line(gradientAt >= 0
                ? $"ref float sourceGradient = ref At(_scratch, {gradientAt});  // dE/d(padded input)"
                : "ref float sourceGradient = ref inputGradient;");
            w.Line("MemoryMarshal.CreateSpan(ref sourceGradient, C * InH * InW).Clear();");
            w.Line(l.Kind switch
            {
                LayerKind.Subsample => "// Each input in a window receives delta * coefficient (accumulated where windows overlap).",
                LayerKind.AvgPool when pool.VariesDivisor(l.Kind) => "// Each input in a window receives delta / (the cells the window counts): the spread deltas sum to the pooled delta where no cell is left out.",
                LayerKind.AvgPool => $"// Each input in a window receives delta / ({n.KH}*{n.KW}): the spread deltas sum to the pooled delta.",
                _ => "// Each window's delta goes to the position that held its max in Forward.",
            });
            w.Open("for (int m = 0; m < C; m++)");
            if (l.Kind == LayerKind.Subsample) w.Line("float coefficient = Unsafe.Add(ref weight, m);");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            KernelText.Columns(w, "OutW", lane =>
            {
                w.Line($"{lane} d = {lane}.Load(ref Unsafe.Add(ref delta, (m * OutH + oy) * OutW + ox));");
                w.Line($"ref float window = ref Unsafe.Add(ref sourceGradient, (m * InH + oy * {n.SH}) * InW + ox * {n.SW});");
                if (l.Kind == LayerKind.MaxPool)
                    w.Line($"{lane} index = {lane}.Load(ref Unsafe.Add(ref argmax, (m * OutH + oy) * OutW + ox));");
                else
                    w.Line($"{lane} share = d * {(l.Kind == LayerKind.Subsample ? $"{lane}.Create(coefficient)" : MeanFactor(l, lane))};");
                w.Open($"for (int p = 0; p < {n.KH} * {n.KW}; p++)");
                w.Line($"ref float g = ref Unsafe.Add(ref window, p / {n.KW} * InW + p % {n.KW});");
                string add = l.Kind == LayerKind.MaxPool ? $"{lane}.SelectEqual(index, {lane}.Create(p), d, {lane}.Zero)" : "share";
                w.Line(KernelText.Store(lane, $"{KernelText.Load(lane, "g", pool.StrideW)} + {add}", "g", pool.StrideW));
                w.Close();
            });
            w.Close();
            w.Close();
            CropGradient(w, l, pool);
            w.Close();
            w.Line();
        }
    }
}
