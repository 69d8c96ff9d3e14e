using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Window layers over each map: LeNet's trainable subsampling, mean pooling and max pooling.
    /// Vectorized across output columns (window elements are SW floats apart in a row). Reads the geometry from the
    /// <see cref="PoolLayer"/> payload: a square window is written with the constants P and S, a rectangle with KH, KW,
    /// SH, SW. Padding and CeilMode's cells past the far edge live in a padded copy of the input (-infinity for max
    /// pooling, zeros for mean pooling); mean pooling whose divisor varies reads 1/divisor from a table.
    /// </summary>
    internal static partial class PoolEmitter
    {
        /// <summary>The names of the window's constants in the kernels.</summary>
        private readonly struct Names(PoolLayer pool)
        {
            public string KH { get; } = pool.Square ? "P" : "KH";
            public string KW { get; } = pool.Square ? "P" : "KW";
            public string SH { get; } = pool.Square ? "S" : "SH";
            public string SW { get; } = pool.Square ? "S" : "SW";
        }

        public static string Describe(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            string stride = pool.Stride == pool.StrideW ? $"{pool.Stride}" : $"{pool.Stride}x{pool.StrideW}";
            string shapes = $"{KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, l.OutH, l.OutW)}, {pool.Window}x{pool.WindowW} window, stride {stride}"
                + (pool.CeilMode ? ", ceil mode" : "") + (pool.CountIncludePad ? "" : ", padding not counted");
            return l.Kind switch
            {
                LayerKind.Subsample => $"subsampling {shapes}: f(coefficient * window sum + bias), one coefficient and bias per map, {l.Activation}",
                LayerKind.AvgPool => $"mean pooling {shapes}",
                _ => $"max pooling {shapes}",
            };
        }

        /// <param name="split">A split forward: its padding copy walks its share of maps, not InC.</param>
        private static void Constants(SourceWriter w, LayerModel l, bool split = false)
        {
            var pool = l.As<PoolLayer>();
            if (pool.Pairs)
            {
                w.Line($"const int C = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};  // 2x2 windows, stride 2");
                return;
            }
            string window = pool.Square ? $"P = {pool.Window}, S = {pool.Stride}"
                : $"KH = {pool.Window}, KW = {pool.WindowW}, SH = {pool.Stride}, SW = {pool.StrideW}";
            string fill = l.Kind == LayerKind.MaxPool ? "-infinity" : "zeros";
            string padded = !pool.Padded ? ""
                : pool.Square && pool.ExtraH == 0 && pool.ExtraW == 0 ? $"  // the input padded by {pool.Pad} ({fill})"
                : $"  // the input padded by {pool.Pad}x{pool.PadW} (rows x columns), and {pool.ExtraH}x{pool.ExtraW} more past the far edges for the ceil-mode windows ({fill})";
            w.Line($"const int C = {l.InC}, InH = {pool.PaddedH(l.InH)}, InW = {pool.PaddedW(l.InW)}, OutH = {l.OutH}, OutW = {l.OutW}, {window};" + padded);
            if (pool.Padded && !split) w.Line("const int InC = C;");
        }

        /// <summary>The window sum at (m, oy, ox..) into <c>sum</c>.</summary>
        private static void WindowSum(SourceWriter w, LayerModel l, string lane)
        {
            var pool = l.As<PoolLayer>();
            if (pool.Pairs)
            {
                w.Line("ref float top = ref Unsafe.Add(ref source, (m * InH + 2 * oy) * InW + 2 * ox);");
                w.Line($"{lane}.LoadDeinterleaved(ref top, out var p0, out var p1);");
                w.Line($"{lane}.LoadDeinterleaved(ref Unsafe.Add(ref top, InW), out var p2, out var p3);");
                w.Line($"{lane} sum = p0 + p1 + p2 + p3;");
                return;
            }
            var n = new Names(pool);
            w.Line($"{lane} sum = {lane}.Zero;");
            w.Line($"ref float window = ref Unsafe.Add(ref source, (m * InH + oy * {n.SH}) * InW + ox * {n.SW});");
            w.Line($"for (int py = 0; py < {n.KH}; py++)");
            w.Line($"    for (int px = 0; px < {n.KW}; px++)");
            w.Line($"        sum += {KernelText.Load(lane, "Unsafe.Add(ref window, py * InW + px)", pool.StrideW)};");
        }

        private static void Params(SourceWriter w, LayerModel l, bool gradients)
        {
            if (l.Kind == LayerKind.Subsample)
                KernelText.ParameterRefs(w, l, $"[{l.OutC}] coefficients", $"[{l.OutC}]", gradients);
        }

        /// <summary>Defines <c>source</c>: the input, or its padded copy with the input copied into the middle.</summary>
        private static void SourceWithPadding(SourceWriter w, LayerModel l, PoolLayer pool, bool split = false)
        {
            if (!pool.Padded)
            {
                w.Line("ref float source = ref input;");
                return;
            }
            w.Line($"ref float source = ref At(_scratch, {l.ScratchAt(ScratchRoles.Source)});  // [{l.InC}][{pool.PaddedH(l.InH)}][{pool.PaddedW(l.InW)}]");
            w.Line("// Zero padding: copy the input into the middle of the padded buffer, whose border is never written.");
            w.Open(split ? "for (int i = lo; i < hi; i++)" : "for (int i = 0; i < InC; i++)");
            w.Open($"for (int y = 0; y < {l.InH}; y++)");
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref input, (i * {l.InH} + y) * {l.InW}), {l.InW})");
            w.Line($"    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref source, (i * InH + y + {pool.Pad}) * InW + {pool.PadW}), {l.InW}));");
            w.Close();
            w.Close();
        }

        /// <summary>With padding: copies the interior of the padded input's gradient to dE/dinput (the border's is dropped).</summary>
        private static void CropGradient(SourceWriter w, LayerModel l, PoolLayer pool)
        {
            if (!pool.Padded) return;
            w.Line("// Drop the padded border's gradient: copy the interior back to dE/dinput.");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open($"for (int y = 0; y < {l.InH}; y++)");
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref sourceGradient, (i * InH + y + {pool.Pad}) * InW + {pool.PadW}), {l.InW})");
            w.Line($"    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref inputGradient, (i * {l.InH} + y) * {l.InW}), {l.InW}));");
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Constructor lines filling mean pooling's 1/divisor table: PyTorch's avg_pool2d divides by the window's cells
        /// inside -pad .. in + pad (count_include_pad) or inside the input; never by the cells a ceil-mode window reads
        /// past the far padding.
        /// </summary>
        public static void EmitDivisors(SourceWriter w, LayerModel l, PoolLayer pool)
        {
            bool counted = pool.CountIncludePad;
            int lowH = counted ? -pool.Pad : 0, highH = counted ? l.InH + pool.Pad : l.InH;
            int lowW = counted ? -pool.PadW : 0, highW = counted ? l.InW + pool.PadW : l.InW;
            w.Line($"// {l.Name}: 1 / (the cells each window counts), [{l.OutH}][{l.OutW}]: rows {lowH} .. {highH - 1}, columns {lowW} .. {highW - 1} of the input count.");
            w.Open($"for (int oy = 0; oy < {l.OutH}; oy++)");
            w.Open($"for (int ox = 0; ox < {l.OutW}; ox++)");
            w.Line($"int y0 = oy * {pool.Stride} - {pool.Pad}, x0 = ox * {pool.StrideW} - {pool.PadW};");
            w.Line($"int rows = Math.Min(y0 + {pool.Window}, {highH}) - Math.Max(y0, {lowH}), columns = Math.Min(x0 + {pool.WindowW}, {highW}) - Math.Max(x0, {lowW});");
            w.Line($"_scratch[{l.ScratchAt(PoolRoom.Divisors)} + oy * {l.OutW} + ox] = 1f / (rows * columns);");
            w.Close();
            w.Close();
        }

        /// <summary>Mean pooling's factor per output at (oy, ox..): the table's, or 1/(KH*KW) for every window.</summary>
        private static string MeanFactor(LayerModel l, string lane)
        {
            var pool = l.As<PoolLayer>();
            var n = new Names(pool);
            return pool.VariesDivisor(l.Kind) ? $"{lane}.Load(ref Unsafe.Add(ref divisors, oy * OutW + ox))" : $"{lane}.Create(1f / ({n.KH} * {n.KW}))";
        }

        private static void DivisorRef(SourceWriter w, LayerModel l)
        {
            if (l.As<PoolLayer>().VariesDivisor(l.Kind))
                w.Line($"ref float divisors = ref At(_scratch, {l.ScratchAt(PoolRoom.Divisors)});  // [{l.OutH}][{l.OutW}] 1 / (the cells each window counts)");
        }

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            var n = new Names(pool);
            KernelText.ForwardHeader(w, l, Describe(l));
            Constants(w, l, Planner.SplitsForward(l));
            KernelText.ActivationRefs(w, l, gradients: false);
            Params(w, l, gradients: false);
            // Split (LayerParts; max and mean pooling): each part pads and pools its share of maps. A part's last rows keep
            // the scalar tail where a narrow row's vector would spill into the next part's maps (max and mean give the same
            // floats either way: the same comparisons, the same sums in the same order).
            bool split = Planner.SplitsForward(l);
            LayerParts.Rows(w, l, "C", 1);
            SourceWithPadding(w, l, pool, split);
            if (l.Kind == LayerKind.MaxPool)
                w.Line($"ref float argmax = ref At(_scratch, {l.ScratchAt(ScratchRoles.Own)});  // [{l.OutC}][{l.OutH}][{l.OutW}] index py*{n.KW} + px of each window's max, for Backward");
            DivisorRef(w, l);
            w.Open(split ? "for (int m = lo; m < hi; m++)" : "for (int m = 0; m < C; m++)");
            if (l.Kind == LayerKind.Subsample)
            {
                w.Line("float coefficient = Unsafe.Add(ref weight, m), offset = Unsafe.Add(ref bias, m);");
            }
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            // Lane j of a vector at column ox reads up to (ox + j) * SW + KW - 1 of KH rows: past the row by at most this.
            int readPastRow = (pool.Window - 1) * pool.PaddedW(l.InW) + 15 * pool.StrideW + pool.WindowW;
            KernelText.RowColumns(w, "OutW", $"(m * OutH + oy) * OutW + V.Count <= {(split ? "hi" : "C")} * OutH * OutW", readPastRow, lane =>
            {
                string at = "ref Unsafe.Add(ref output, (m * OutH + oy) * OutW + ox)";
                if (pool.Pairs)
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
                        w.Line($"{lane}.Store(sum * {MeanFactor(l, lane)}, {at});");
                        break;
                    default:
                        w.Line($"ref float window = ref Unsafe.Add(ref source, (m * InH + oy * {n.SH}) * InW + ox * {n.SW});");
                        w.Line($"{lane} best = {KernelText.Load(lane, "window", pool.StrideW)};");
                        w.Line($"{lane} index = {lane}.Zero;");
                        w.Open($"for (int p = 1; p < {n.KH} * {n.KW}; p++)");
                        w.Line($"{lane} value = {KernelText.Load(lane, $"Unsafe.Add(ref window, p / {n.KW} * InW + p % {n.KW})", pool.StrideW)};");
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
    }
}
