using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// A depthwise convolution (<see cref="ConvStrategy.Depthwise"/>: Groups == InC == OutC, a square symmetric undilated
    /// window, stride 1 or 2): output[c][oy][ox] = f(bias[c] + sum over ky, kx of weight[c][0][ky][kx] *
    /// padded[c][S*oy + ky][S*ox + kx]), PyTorch's Conv2d with groups = channels (ONNX Conv, group = C). It is memory-bound,
    /// so each map is read once and written once: map by map, its zero-padded copy is built in a small scratch buffer (at
    /// stride 2 split into its four parity planes, so every tap reads a contiguous run), and the k*k weights of the map sit
    /// in registers while vectors of neighbouring output positions are computed.
    /// Positions are "wide" within a map: q = oy * PW + ox over the plane's pitch PW, and tap (ky, kx) reads plane
    /// (ky%S, kx%S) at q + (ky/S)*PW + kx/S. Rows at least a vector wide store straight into the output (the last vector
    /// of a row overlaps the one before); narrower rows compute the whole wide map (a multiple of 16 positions) into
    /// scratch and copy its rows out. Backward: the map's deltas are laid out wide with zero columns, so the weight
    /// gradient is a plain dot product of the wide deltas with each tap's shifted plane, and the input gradient of plane
    /// (a, b) at r is the sum over its taps of weight * wideDelta[r - offset] (zeros in front), interleaved back and
    /// cropped. Nothing reads outside the scratch regions sized here; their borders are cleared once per call.
    /// A batch norm right after (MobileNet's depthwise, bn pairs; Model/Planner.cs) is applied while storing, outside batch
    /// statistics: MobileNetV2 batch 1 forward, its 17 batch norms' own passes took 1.65 ms (medians, Xeon family 6 model 207,
    /// AVX-512, shared cores), the fused stores cost within noise of nothing. The backward is unchanged (the batch norm's reads
    /// the convolution's stored output).
    /// Files: this one (layout, forward), .Backward.cs.
    /// </summary>
    internal static partial class DepthwiseEmitter
    {
        private const string Planes = "depthwise planes", Wide = "depthwise wide", Row = "depthwise row",
            WideDelta = "depthwise wide delta", PlaneGradients = "depthwise plane gradients", RowGradient = "depthwise row gradient";

        /// <summary>The per-map scratch layout of a depthwise convolution, all in floats.</summary>
        private sealed class Layout
        {
            public readonly int K, S, P, PlaneH, PlaneW, MaxOffset, WidePositions, PlanePositions, PlaneLength, RowLength, DeltaLength;

            public Layout(LayerModel l)
            {
                K = l.Kernel;
                S = l.Stride;
                P = l.Pad;
                PlaneH = (l.PaddedH + S - 1) / S;
                PlaneW = (l.PaddedW + S - 1) / S;
                MaxOffset = Offset(K - 1, K - 1);
                WidePositions = (int)LayerModel.RoundUp((long)l.OutH * PlaneW);
                PlanePositions = (int)LayerModel.RoundUp((long)PlaneH * PlaneW);
                // A tap reads its plane at q + offset for q < WidePositions; the planes themselves hold PlaneH rows.
                PlaneLength = (int)LayerModel.RoundUp(Math.Max(WidePositions + MaxOffset, PlanePositions));
                RowLength = (int)LayerModel.RoundUp(l.PaddedW + 1L);
                DeltaLength = MaxOffset + Math.Max(WidePositions, PlanePositions);
            }

            public int Plane(int ky, int kx) => ky % S * S + kx % S;
            public int Offset(int ky, int kx) => ky / S * PlaneW + kx / S;
        }

        /// <summary>The scratch a depthwise convolution asks for: one map's planes, wide output, padded row and their gradients.</summary>
        public static IEnumerable<Slot> Scratch(LayerModel l)
        {
            var g = new Layout(l);
            yield return new Slot(Planes, (long)g.S * g.S * g.PlaneLength);
            yield return new Slot(Wide, g.WidePositions);
            if (g.S == 2) yield return new Slot(Row, g.RowLength);
            yield return new Slot(WideDelta, g.DeltaLength);
            yield return new Slot(PlaneGradients, (long)g.S * g.S * g.PlanePositions);
            if (g.S == 2) yield return new Slot(RowGradient, g.RowLength);
        }

        /// <summary>
        /// The text's upper bound (Model/SourceBudget.cs): the taps are unrolled, each a line of up to ~130 characters, written
        /// twice in the forward (rows, wide map) and twice in the backward (weight and input gradients), plus the weights.
        /// </summary>
        public static long SourceChars(LayerModel l) => 10_000 + 700L * l.Kernel * l.Kernel;

        public static string Describe(LayerModel l) =>
            $"depthwise convolution {KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, l.OutH, l.OutW)}, " +
            $"{l.Kernel}x{l.Kernel} kernel, stride {l.Stride}, padding {l.Pad}, {l.Activation}";

        /// <summary>The shape in a shared method's name: Depthwise_96x112x112_k3s2p1.</summary>
        private static string ShapeName(LayerModel l) =>
            $"Depthwise_{l.InC}x{l.InH}x{l.InW}_k{l.Kernel}s{l.Stride}p{l.Pad}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}{(l.BiasCount > 0 ? "" : "_NoBias")}";

        /// <param name="norm">
        /// The batch norm right after, applied on the way out with its running statistics (Model/Planner.cs), or null. As
        /// in the other fused strategies the convolution's own output is still stored (the batch norm's backward reads it),
        /// and with batch statistics the batch norm makes its own pass.
        /// </param>
        public static void EmitForward(SourceWriter w, LayerModel l, LayerModel? norm = null) =>
            PointwiseConvEmitter.EmitSharedForward(w, l, norm, Describe(l), ShapeName(l), b => ForwardBody(b, l, norm));

        private static void Constants(SourceWriter w, LayerModel l, Layout g)
        {
            w.Line($"const int C = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line($"const int PW = {g.PlaneW}, PL = {g.PlaneLength}, Wide = {g.WidePositions};  // plane pitch, plane length, wide positions per map");
        }

        /// <summary>The scratch refs: planes (and at stride 2 the padded row), cleared so their borders read as zeros.</summary>
        private static void ScratchRefs(SourceWriter w, LayerModel l, Layout g)
        {
            w.Line($"ref float planes = ref At(_scratch, {l.ScratchAt(Planes)});  // [{g.S * g.S}][PL]: map c zero-padded{(g.S == 2 ? ", split by row and column parity" : "")}");
            if (g.S == 2) w.Line($"ref float row = ref At(_scratch, {l.ScratchAt(Row)});  // one zero-padded input row");
            w.Line("// Only interiors are written below: the padding (and everything a tap reads past it) stays zero.");
            w.Line($"MemoryMarshal.CreateSpan(ref planes, {g.S * g.S} * PL).Clear();");
            if (g.S == 2) w.Line($"MemoryMarshal.CreateSpan(ref row, {g.RowLength}).Clear();");
        }

        /// <summary>Copies input map c into the planes: the padded map itself (stride 1) or its four parity planes (stride 2).</summary>
        private static void SplitMap(SourceWriter w, Layout g)
        {
            w.Open("for (int y = 0; y < InH; y++)");
            w.Line("ReadOnlySpan<float> from = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref input, (c * InH + y) * InW), InW);");
            if (g.S == 1)
            {
                w.Line($"from.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref planes, (y + {g.P}) * PW + {g.P}), InW));");
                w.Close();
                return;
            }
            w.Line($"from.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, {g.P}), InW));");
            w.Line($"int py = y + {g.P};  // the padded row: plane row py / 2 of the planes (py % 2, 0) and (py % 2, 1)");
            w.Line("ref float even = ref Unsafe.Add(ref planes, (py & 1) * 2 * PL + (py >> 1) * PW);");
            w.Line("ref float odd = ref Unsafe.Add(ref even, PL);");
            KernelText.SplitRowByParity(w);
            w.Close();
        }

        /// <summary>Refs p0.. to the planes (stride 2: p1 the odd columns of the even rows, p2 and p3 the odd rows).</summary>
        private static void PlaneRefs(SourceWriter w, Layout g, string buffer, string prefix, string pitch)
        {
            for (int p = 0; p < g.S * g.S; p++)
                w.Line(p == 0 ? $"ref float {prefix}0 = ref {buffer};" : $"ref float {prefix}{p} = ref Unsafe.Add(ref {buffer}, {p} * {pitch});");
        }

        /// <summary>The k*k weights of map c broadcast into registers w0.. (tap t = ky * K + kx).</summary>
        private static void WeightRegisters(SourceWriter w, Layout g)
        {
            w.Line($"ref float k = ref Unsafe.Add(ref weight, c * {g.K * g.K});  // [{g.K}][{g.K}]");
            for (int t = 0; t < g.K * g.K; t += 4)
                w.Line(string.Join(" ", Enumerable.Range(t, Math.Min(4, g.K * g.K - t)).Select(i => $"V w{i} = V.Create(Unsafe.Add(ref k, {i}));")));
        }

        /// <summary>sum = bias + the taps at wide position q, in two chains (the FMA latency).</summary>
        private static void Taps(SourceWriter w, LayerModel l, Layout g)
        {
            w.Line(l.BiasCount > 0 ? "V s0 = b, s1 = V.Zero;" : "V s0 = V.Zero, s1 = V.Zero;");
            for (int ky = 0; ky < g.K; ky++)
                for (int kx = 0; kx < g.K; kx++)
                {
                    int t = ky * g.K + kx;
                    w.Line($"s{t & 1} = V.MultiplyAdd(w{t}, V.Load(ref Unsafe.Add(ref p{g.Plane(ky, kx)}, q{Plus(g.Offset(ky, kx))})), s{t & 1});");
                }
            w.Line($"V sum = {KernelText.Activate(l.Activation, "s0 + s1")};");
        }

        private static string Plus(int n) => n == 0 ? "" : $" + {n}";
        private static string Minus(int n) => n == 0 ? "" : $" - {n}";

        private static void ForwardBody(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            var g = new Layout(l);
            Constants(w, l, g);
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][1][{g.K}][{g.K}]", $"[{l.OutC}]", gradients: false);
            if (norm is not null) NormRefs(w, norm);
            w.Line($"ref float wide = ref At(_scratch, {l.ScratchAt(Wide)});  // [Wide]: one map's wide outputs, for rows narrower than a vector");
            ScratchRefs(w, l, g);
            PlaneRefs(w, g, "planes", "p", "PL");
            w.Line($"// output[c][oy][ox] = {KernelText.Activate(l.Activation, (l.BiasCount > 0 ? "bias[c] + " : "") + $"sum over ky, kx of weight[c][ky][kx] * padded[c][{g.S}*oy + ky][{g.S}*ox + kx]")}");
            w.Open("for (int c = 0; c < C; c++)");
            SplitMap(w, g);
            WeightRegisters(w, g);
            if (l.BiasCount > 0) w.Line("V b = V.Create(Unsafe.Add(ref bias, c));");
            w.Line("ref float map = ref Unsafe.Add(ref output, c * OutH * OutW);");
            if (norm is not null)
            {
                w.Line("V ns = V.Create(normScale[c]), nh = V.Create(normShift[c]);");
                w.Line("ref float normMap = ref Unsafe.Add(ref normOutput, c * OutH * OutW);");
            }
            w.Open("if (OutW >= V.Count)");
            w.Line("// Row by row, straight into the output; the last vector of a row overlaps the one before.");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Open("for (int ox = 0; ox < OutW; ox += V.Count)");
            w.Line("if (ox > OutW - V.Count) ox = OutW - V.Count;");
            w.Line("int q = oy * PW + ox;");
            Taps(w, l, g);
            w.Line("V.Store(sum, ref Unsafe.Add(ref map, oy * OutW + ox));");
            if (norm is not null) w.Line($"if (fuse) V.Store({NormActivate(norm, "sum")}, ref Unsafe.Add(ref normMap, oy * OutW + ox));");
            w.Close();
            w.Close();
            w.Close();
            w.Open("else");
            w.Line("// Rows narrower than a vector: the whole wide map (its columns past OutW discarded), then its rows copied out.");
            w.Open("for (int q = 0; q < Wide; q += V.Count)");
            Taps(w, l, g);
            w.Line("V.Store(sum, ref Unsafe.Add(ref wide, q));");
            w.Close();
            w.Line("for (int oy = 0; oy < OutH; oy++)");
            w.Line("    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref wide, oy * PW), OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref map, oy * OutW), OutW));");
            if (norm is not null)
            {
                w.Open("if (fuse)");
                w.Line("// The batch norm's map: the wide map normalized in place (it has been copied out), then its rows copied out.");
                w.Line("for (int q = 0; q < Wide; q += V.Count)");
                w.Line($"    V.Store({NormActivate(norm, "V.Load(ref Unsafe.Add(ref wide, q))")}, ref Unsafe.Add(ref wide, q));");
                w.Line("for (int oy = 0; oy < OutH; oy++)");
                w.Line("    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref wide, oy * PW), OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref normMap, oy * OutW), OutW));");
                w.Close();
            }
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The fused batch norm's parameters, running statistics and output, its per-map scale and shift from the running
        /// statistics (as the batch norm computes them), and whether to apply it: not with batch statistics.
        /// </summary>
        private static void NormRefs(SourceWriter w, LayerModel norm)
        {
            w.Line($"ref float normWeight = ref At(_parameters, {norm.WeightOffset}), normBias = ref At(_parameters, {norm.BiasOffset});");
            w.Line($"ref float runningMean = ref At(_state, {norm.StateOffset}), runningVariance = ref At(_state, {norm.StateOffset + norm.OutC});");
            w.Line($"ref float normOutput = ref At(_activations, {norm.OutOffset});  // [{norm.OutC}][{norm.OutH}][{norm.OutW}]");
            w.Line("const int OutC = C;");
            BatchNormEmitter.RunningScaleShift(w, norm);
            w.Line("bool fuse = !(Training && BatchNormSync is not null);  // batch statistics: the batch norm makes its own pass");
        }

        /// <summary>The batch norm's output from the convolution's (after its activation): normActivation(x * scale + shift), PyTorch's BatchNorm2d in eval mode.</summary>
        private static string NormActivate(LayerModel norm, string x) => KernelText.Activate(norm.Activation, $"V.MultiplyAdd({x}, ns, nh)");
    }
}
