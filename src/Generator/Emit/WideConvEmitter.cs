using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Stride-1 convolution on "wide rows". With W the (padded) input width, output position q = oy*W + ox is
    /// computed for every ox &lt; W, not just ox &lt; OutW: then tap (ky, kx) of every position reads the input at
    /// q + ky*W + kx, one contiguous run, so a map is a 1-D correlation vectorized with no row tails. The K-1 extra
    /// columns per row are discarded. Register tiles of eight (then four) vectors share each broadcast weight; without a connection table, the
    /// positions left over are tiled across output maps instead.
    /// Backward uses the same trick: deltas are spread into a zero-bordered wide buffer, so the kernel gradient is a
    /// dot product and the input gradient a gather (the lecture's full convolution) with contiguous loads.
    /// </summary>
    internal static class WideConvEmitter
    {
        private const int Tile = 4;
        /// <summary>The forward tile: 8 independent sums cover the FMA latency times the two FMA ports.</summary>
        private const int WideTile = 8;
        /// <summary>Kernels up to this width keep one accumulator per tap of a whole kernel row (plus the delta: within 16 registers).</summary>
        private const int MaxRowTile = 8;

        private static void Constants(SourceWriter w, LayerModel l, bool forward)
        {
            string padded = l.Pad > 0 ? $"  // zero-padded input ({l.InH}x{l.InW} + {l.Pad} on every side)" : "";
            // Under a table the forward pass never needs the input map count (C# rejects unused constants).
            string inC = forward && l.HasTable && l.Pad == 0 ? "" : $"InC = {l.InC}, ";
            w.Line($"const int {inC}InH = {l.PaddedH}, InW = {l.PaddedW};{padded}");
            w.Line($"const int OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW}, K = {l.Kernel};{(l.Stride == 2 ? "  // stride 2" : "")}");
            w.Line($"const int Q = {l.WidePositions};  // wide positions per map: OutH * InW = {l.OutH * l.PaddedW}, rounded up to whole vectors");
        }

        private static string Describe(LayerModel l) =>
            ConvEmitter.Describe(l) + (l.Subsamples ? "; computed on the input's even rows and columns, gathered first"
                : l.SplitsPhases ? "; forward on the input's four row/column parity planes, as a stride-1 wide convolution" : "; computed on wide rows");

        /// <summary>
        /// A 1x1 stride-2 convolution as the stride-1 one it is on the input's even rows and columns: the same layer with
        /// that gathered input (in scratch, see <see cref="LayerModel.Subsamples"/>) as its input.
        /// </summary>
        private static LayerModel Gathered(LayerModel l) => l with { Stride = 1, InH = l.OutH, InW = l.OutW };

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            if (!l.Subsamples)
            {
                EmitForward(w, l, l);
                return;
            }
            EmitForward(w, Gathered(l), l);
            GatherMethods(w, l);
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            if (!l.Subsamples)
                EmitBackward(w, l, l);
            else
                EmitBackward(w, Gathered(l), l);
        }

        /// <summary>The gather of a 1x1 stride-2 convolution's input, and the scatter of its gradient back.</summary>
        private static void GatherMethods(SourceWriter w, LayerModel l)
        {
            w.Line($"/// <summary>{l.Name}: the even rows and columns of the input, contiguous ([{l.InC}][{l.OutH}][{l.OutW}]), for the 1x1 stride-2 convolution.</summary>");
            w.Open($"private void {l.Id}_GatherInput<V>() {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line($"ref float input = ref At(_activations, {l.InOffset});");
            w.Line($"ref float gathered = ref At(_scratch, {l.PadOffset});");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float from = ref Unsafe.Add(ref input, (i * InH + 2 * oy) * InW);");
            w.Line("ref float to = ref Unsafe.Add(ref gathered, (i * OutH + oy) * OutW);");
            w.Line("int ox = 0;");
            w.Line("for (; ox <= OutW - V.Count && 2 * (ox + V.Count) <= InW; ox += V.Count)");
            w.Line("    V.Store(V.LoadEven(ref Unsafe.Add(ref from, 2 * ox)), ref Unsafe.Add(ref to, ox));");
            w.Line("for (; ox < OutW; ox++)");
            w.Line("    Unsafe.Add(ref to, ox) = Unsafe.Add(ref from, 2 * ox);");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
            w.Line($"/// <summary>{l.Name}: dE/dinput from the gathered input's gradient (the odd rows and columns get 0).</summary>");
            w.Open($"private void {l.Id}_ScatterGradient<V>() {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line($"ref float inputGradient = ref At(_activationGradients, {l.InGradOffset});");
            w.Line($"ref float gathered = ref At(_scratch, {l.PadGradientOffset});");
            w.Line("MemoryMarshal.CreateSpan(ref inputGradient, InC * InH * InW).Clear();");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float to = ref Unsafe.Add(ref inputGradient, (i * InH + 2 * oy) * InW);");
            w.Line("ref float from = ref Unsafe.Add(ref gathered, (i * OutH + oy) * OutW);");
            w.Line("for (int ox = 0; ox < OutW; ox++)");
            w.Line("    Unsafe.Add(ref to, 2 * ox) = Unsafe.Add(ref from, ox);");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>
        /// Emits <paramref name="real"/>'s forward computed as <paramref name="l"/> (the same layer, or its gathered
        /// stride-1 form): names, descriptions and the input/output buffers are the real layer's.
        /// </summary>
        private static void EmitForward(SourceWriter w, LayerModel l, LayerModel real)
        {
            KernelText.ForwardHeader(w, real, Describe(real));
            if (l.SplitsPhases)
            {
                w.Line($"const int InW = {l.PhaseW}, OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW};  // InW: the parity planes' width");
                w.Line($"const int Q = {l.PhaseWidePositions};  // wide positions per map: OutH * InW = {l.OutH * l.PhaseW}, rounded up to whole vectors");
            }
            else
            {
                string padded = l.Pad > 0 ? $"InC = {l.InC}, InH = {l.PaddedH}, " : "";  // for the copy into the padded buffer
                w.Line($"const int {padded}InW = {l.PaddedW}, OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW};");
                w.Line($"const int Q = {l.WidePositions};  // wide positions per map: OutH * InW = {l.OutH * l.PaddedW}, rounded up to whole vectors");
            }
            KernelText.ActivationRefs(w, real, gradients: false);
            if (real.Subsamples) w.Line($"{real.Id}_GatherInput<V>();  // the input's even rows and columns: then this is a stride-1 1x1 convolution");
            if (l.SplitsPhases) w.Line($"{l.Id}_SplitPhases<V>();  // pads the input (Backward reads that copy) and splits it by row and column parity");
            ConnectionsEmitter.Mix(w, l);
            w.Line($"ref float wide = ref At(_scratch, {l.WideOffset});  // [OutC][Q]");
            if (!l.SplitsPhases) ConvEmitter.SourceWithPadding(w, l);
            w.Line("// wide[o][q] = bias[o] + sum over connected i, ky, kx of weight[c][ky][kx] * source[i][q + ky*InW + kx]; f once compacted");
            w.Line("// Register tiles, each its own method: one method holding them all would exceed the JIT's inlining budget,");
            w.Line("// leaving the lane operations as calls.");
            var tiles = new System.Collections.Generic.List<(int Maps, int Vectors)>();
            void Call(int maps, int vectors, string q = "q")
            {
                if (!tiles.Contains((maps, vectors))) tiles.Add((maps, vectors));
                w.Line($"{TileMethod(l, maps, vectors)}<V>(o, {q});");
            }
            void SingleMap()
            {
                w.Line("int q = 0;");
                w.Open($"for (; q <= Q - {WideTile} * V.Count; q += {WideTile} * V.Count)");
                Call(1, WideTile);
                w.Close();
                w.Open($"if (q <= Q - {Tile} * V.Count)");
                Call(1, Tile);
                w.Line($"q += {Tile} * V.Count;");
                w.Close();
                w.Open("for (; q < Q; q += V.Count)");
                Call(1, 1);
                w.Close();
            }
            if (l.HasTable)
            {
                w.Line($"// Under a connection table every map has its own inputs: tiles of {WideTile}, then {Tile}, then 1 vector of positions.");
                w.Open("for (int o = 0; o < OutC; o++)");
                SingleMap();
                w.Close();
            }
            else
            {
                var (maps, vectors) = Block(l.OutC);
                w.Line($"// Blocks of {maps} maps x {vectors} vectors of positions: each input load feeds {maps} sums and each broadcast");
                w.Line($"// weight {vectors}, so there are fewer loads than FMAs (most loads straddle two cache lines).");
                w.Line("int o = 0;");
                w.Open($"for (; o <= OutC - {maps}; o += {maps})");
                w.Line("int q = 0;");
                w.Open($"for (; q <= Q - {vectors} * V.Count; q += {vectors} * V.Count)");
                Call(maps, vectors);
                w.Close();
                w.Open("for (; q < Q; q += V.Count)");
                Call(maps, 1);
                w.Close();
                w.Close();
                if (l.OutC % maps != 0)
                {
                    w.Open("for (; o < OutC; o++)");
                    SingleMap();
                    w.Close();
                }
            }
            CompactRows(w, l);
            w.Close();
            w.Line();
            foreach (var (maps, vectors) in tiles)
                TileMethodText(w, l, maps, vectors);
            if (l.SplitsPhases) SplitPhasesMethod(w, l);
        }

        /// <summary>
        /// The parity planes of a stride-2 convolution's padded input: plane (a, b) of map i holds source[i][2y + a][2x + b]
        /// ([2][2][InC][PH][PW], plane (a, 1) right after plane (a, 0) of all maps). Pads first, into the buffer Backward
        /// reads. A plane column past an odd padded width holds whatever follows the row: only discarded positions read it.
        /// </summary>
        private static void SplitPhasesMethod(SourceWriter w, LayerModel l)
        {
            w.Line($"/// <summary>{l.Name}: the padded input split by row and column parity, for the stride-2 forward.</summary>");
            w.Open($"private void {l.Id}_SplitPhases<V>() {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InH = {l.PaddedH}, InW = {l.PaddedW}, PH = {l.PhaseH}, PW = {l.PhaseW};");
            w.Line($"ref float input = ref At(_activations, {l.InOffset});");
            w.Line($"ref float phases = ref At(_scratch, {l.PhaseOffset});");
            ConvEmitter.SourceWithPadding(w, l);
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open("for (int y = 0; y < InH; y++)");
            w.Line("ref float row = ref Unsafe.Add(ref source, (i * InH + y) * InW);");
            w.Line("ref float even = ref Unsafe.Add(ref phases, (((y & 1) * 2 * InC) + i) * PH * PW + (y >> 1) * PW);");
            w.Line("ref float odd = ref Unsafe.Add(ref even, InC * PH * PW);");
            w.Line("int x = 0;");
            w.Open("for (; x <= PW - V.Count; x += V.Count)");
            w.Line("V.LoadDeinterleaved(ref Unsafe.Add(ref row, 2 * x), out var e, out var o);");
            w.Line("V.Store(e, ref Unsafe.Add(ref even, x));");
            w.Line("V.Store(o, ref Unsafe.Add(ref odd, x));");
            w.Close();
            w.Open("for (; x < PW; x++)");
            w.Line("Unsafe.Add(ref even, x) = Unsafe.Add(ref row, 2 * x);");
            w.Line("Unsafe.Add(ref odd, x) = Unsafe.Add(ref row, 2 * x + 1);");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>Maps x vectors of a forward block without a table: 12 sums (of 16 or 32 registers), maps dividing OutC if they can.</summary>
        private static (int Maps, int Vectors) Block(int outC) =>
            outC % 4 == 0 ? (4, 3) : outC % 3 == 0 ? (3, 4) : outC % 2 == 0 ? (2, 6) : (4, 3);

        /// <summary>
        /// output[o][oy][..OutW] = f(wide[o][oy*InW ..]): the valid columns of each wide row, activated on the way. Rows
        /// at least a vector wide end with a vector overlapping the one before; narrower rows are one vector each, its
        /// lanes past OutW spilling into the next row, which is written after (rows go in order). Only rows whose
        /// spill would leave the output tensor go lane by lane. Reads past a wide row stay in the scratch (slack).
        /// </summary>
        private static void CompactRows(SourceWriter w, LayerModel l)
        {
            string f(string u) => KernelText.Activate(l.Activation, u);
            w.Line($"// Keep the OutW valid columns of each wide row{(l.Activation == ActivationKind.Identity ? "" : $", through {l.Activation}")}.");
            w.Line("const int Rows = OutC * OutH;");
            w.Open("for (int r = 0; r < Rows; r++)");
            w.Line("ref float from = ref Unsafe.Add(ref wide, r / OutH * Q + r % OutH * InW);");
            w.Line("ref float to = ref Unsafe.Add(ref output, r * OutW);");
            w.Open("if (OutW >= V.Count)");
            w.Line("for (int x = 0; x < OutW - V.Count; x += V.Count)");
            w.Line($"    V.Store({f("V.Load(ref Unsafe.Add(ref from, x))")}, ref Unsafe.Add(ref to, x));");
            w.Line($"V.Store({f("V.Load(ref Unsafe.Add(ref from, OutW - V.Count))")}, ref Unsafe.Add(ref to, OutW - V.Count));");
            w.Close();
            w.Open("else if (r * OutW + V.Count <= Rows * OutW)");
            w.Line($"V.Store({f("V.Load(ref from)")}, ref to);  // lanes past OutW land in the next row, written next");
            w.Close();
            w.Open("else");
            w.Line("for (int x = 0; x < OutW; x++)");
            w.Line(l.Activation == ActivationKind.Identity
                ? "    Unsafe.Add(ref to, x) = Unsafe.Add(ref from, x);"
                : $"    Unsafe.Add(ref to, x) = Activations.{l.Activation}(new Scalar(Unsafe.Add(ref from, x))).Value;");
            w.Close();
            w.Close();
        }

        private static string TileMethod(LayerModel l, int maps, int vectors) => $"{l.Id}_ForwardTile{maps}x{vectors}";

        /// <summary>One forward register tile as a method of its own, (o, q) -> the weighted sums stored in wide.</summary>
        private static void TileMethodText(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            string what = maps == 1
                ? $"{vectors} vector{(vectors == 1 ? "" : "s")} of positions from q of map o"
                : $"{vectors} vector{(vectors == 1 ? "" : "s")} of positions from q of the {maps} maps from o";
            w.Line($"/// <summary>{l.Name} forward tile: {what}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private void {TileMethod(l, maps, vectors)}<V>(int o, int q) {KernelText.Constraint}");
            if (l.SplitsPhases)
            {
                w.Line($"const int InC = {l.InC}, PH = {l.PhaseH}, PW = {l.PhaseW}, K = {l.Kernel}, Q = {l.PhaseWidePositions};");
                w.Line($"ref float phases = ref At(_scratch, {l.PhaseOffset});  // [2][2][InC][PH][PW]");
                KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: false);
                w.Line($"ref float wide = ref At(_scratch, {l.WideOffset});  // [OutC][Q]");
                AccumulatePhases(w, l, maps, vectors);
                w.Close();
                w.Line();
                return;
            }
            w.Line($"const int {(l.HasTable ? "" : $"InC = {l.InC}, ")}InH = {l.PaddedH}, InW = {l.PaddedW}, K = {l.Kernel}, Q = {l.WidePositions};");
            w.Line(l.PadOffset >= 0
                ? $"ref float source = ref At(_scratch, {l.PadOffset});  // the {(l.Pad > 0 ? "zero-padded" : "gathered")} input"
                : $"ref float source = ref At(_activations, {l.InOffset});");
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: false);
            w.Line($"ref float wide = ref At(_scratch, {l.WideOffset});  // [OutC][Q]");
            if (l.HasTable)
            {
                w.Line(l.BiasCount > 0 ? "V b = V.Create(Unsafe.Add(ref bias, o));" : "V b = V.Zero;");
                Accumulate(w, l, vectors);
            }
            else
            {
                AccumulateBlock(w, l, maps, vectors);
            }
            w.Close();
            w.Line();
        }

        /// <summary>The sums of <paramref name="tile"/> vectors of positions starting at q, stored (activated later).</summary>
        private static void Accumulate(SourceWriter w, LayerModel l, int tile)
        {
            bool unrolled = Unrolls(l, 1, tile);
            int split = tile == 1 && unrolled ? l.Kernel : 1;  // a single vector: one sum per tap, so the chains overlap
            string S(int t, int j) => split == 1 ? $"s{t}" : $"s{t}_{j}";
            w.Line(string.Join(", ", Range(tile * split, n => $"{S(n / split, n % split)} = {(n % split == 0 ? "b" : "V.Zero")}")).Insert(0, "V ") + ";");
            ConvEmitter.OpenConnections(w, l);
            w.Line(l.Stride == 2
                ? "ref float from = ref Unsafe.Add(ref source, i * InH * InW + 2 * q);  // stride 2: position q reads the input at 2q"
                : "ref float from = ref Unsafe.Add(ref source, i * InH * InW + q);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, c * K * K);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float row = ref Unsafe.Add(ref from, ky * InW);");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            if (unrolled)
            {
                // The kernel row, unrolled: constant offsets, no loop counter between the FMAs.
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Line($"V w{kx} = V.Create(Unsafe.Add(ref kr, {kx}));");
                    for (int t = 0; t < tile; t++)
                        w.Line($"{S(t, kx % split)} = V.MultiplyAdd(w{kx}, {KernelText.Load("V", $"Unsafe.Add(ref row, {kx}{(t == 0 ? "" : " + " + Step(l) + Lanes(t))})", l.Stride)}, {S(t, kx % split)});");
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                w.Line("V wk = V.Create(Unsafe.Add(ref kr, kx));");
                w.Line("ref float at = ref Unsafe.Add(ref row, kx);");
                for (int t = 0; t < tile; t++)
                    w.Line($"s{t} = V.MultiplyAdd(wk, {KernelText.Load("V", $"Unsafe.Add(ref at, {Step(l)}{Lanes(t)})", l.Stride)}, s{t});");
                w.Close();
            }
            w.Close();
            w.Close();
            for (int t = 0; t < tile; t++)
                w.Line($"V.Store({string.Join(" + ", Range(split, j => S(t, j)))}, ref Unsafe.Add(ref wide, o * Q + q + {Lanes(t)}));");
        }

        /// <summary>
        /// Without a table: <paramref name="vectors"/> vectors of positions from q for <paramref name="maps"/> output maps
        /// from o, sums s{map}_{vector}. Each input load feeds every map's sum, each broadcast weight every vector's; map
        /// m's weights are InC*K*K floats after map m-1's.
        /// </summary>
        private static void AccumulateBlock(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            string S(int m, int t) => $"s{m}_{t}";
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(vectors, t => $"{S(m, t)} = " + (l.BiasCount > 0 ? $"V.Create(Unsafe.Add(ref bias, o{Plus(m)}))" : "V.Zero"))) + ";");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line(l.Stride == 2
                ? "ref float from = ref Unsafe.Add(ref source, i * InH * InW + 2 * q);  // stride 2: position q reads the input at 2q"
                : "ref float from = ref Unsafe.Add(ref source, i * InH * InW + q);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (o * InC + i) * K * K);  // weight block [o][i]");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float row = ref Unsafe.Add(ref from, ky * InW);");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            void Taps(string kx)
            {
                for (int t = 0; t < vectors; t++)
                    w.Line($"V x{t} = {KernelText.Load("V", $"Unsafe.Add(ref row, {kx}{(t == 0 ? "" : " + " + Step(l) + Lanes(t))})", l.Stride)};");
                for (int m = 0; m < maps; m++)
                {
                    w.Line($"V w{m} = V.Create(Unsafe.Add(ref kr, {(m == 0 ? "" : $"{m} * InC * K * K + ")}{kx}));");
                    for (int t = 0; t < vectors; t++)
                        w.Line($"{S(m, t)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t)});");
                }
            }
            if (Unrolls(l, maps, vectors))
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Open();  // a scope per tap: x and w names reused
                    Taps(kx.ToString());
                    w.Close();
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                Taps("kx");
                w.Close();
            }
            w.Close();
            w.Close();
            for (int m = 0; m < maps; m++)
                for (int t = 0; t < vectors; t++)
                    w.Line($"V.Store({S(m, t)}, ref Unsafe.Add(ref wide, (o{Plus(m)}) * Q + q + {Lanes(t)}));");
        }

        /// <summary>
        /// <see cref="AccumulateBlock"/> on the parity planes of a stride-2 convolution's input: tap (ky, kx) reads plane
        /// (ky%2, kx%2) at row ky/2 and column kx/2 from q, contiguous like a stride-1 tap.
        /// </summary>
        private static void AccumulatePhases(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            string S(int m, int t) => $"s{m}_{t}";
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(vectors, t => $"{S(m, t)} = " + (l.BiasCount > 0 ? $"V.Create(Unsafe.Add(ref bias, o{Plus(m)}))" : "V.Zero"))) + ";");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (o * InC + i) * K * K);  // weight block [o][i]");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float even = ref Unsafe.Add(ref phases, ((ky & 1) * 2 * InC + i) * PH * PW + (ky >> 1) * PW + q);  // even input columns");
            w.Line("ref float odd = ref Unsafe.Add(ref even, InC * PH * PW);                                            // odd input columns");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            void Taps(string kx, string row)
            {
                for (int t = 0; t < vectors; t++)
                    w.Line($"V x{t} = V.Load(ref Unsafe.Add(ref {row}{(t == 0 ? "" : " + " + Lanes(t))}));");
                for (int m = 0; m < maps; m++)
                {
                    w.Line($"V w{m} = V.Create(Unsafe.Add(ref kr, {(m == 0 ? "" : $"{m} * InC * K * K + ")}{kx}));");
                    for (int t = 0; t < vectors; t++)
                        w.Line($"{S(m, t)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t)});");
                }
            }
            if (Unrolls(l with { Stride = 1 }, maps, vectors))
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Open();  // a scope per tap: x and w names reused
                    Taps(kx.ToString(), $"{(kx % 2 == 0 ? "even" : "odd")}, {kx / 2}");
                    w.Close();
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                w.Line("ref float at = ref Unsafe.Add(ref (kx & 1) == 0 ? ref even : ref odd, kx >> 1);");
                Taps("kx", "at, 0");
                w.Close();
            }
            w.Close();
            w.Close();
            for (int m = 0; m < maps; m++)
                for (int t = 0; t < vectors; t++)
                    w.Line($"V.Store({S(m, t)}, ref Unsafe.Add(ref wide, (o{Plus(m)}) * Q + q + {Lanes(t)}));");
        }

        /// <summary>
        /// Whether a block tile unrolls its kernel row: only while the tile method stays within the JIT's inlining budget
        /// (about a hundred lane operations per row; past it the lane operations stay calls). Stride-2 loads count three.
        /// </summary>
        private static bool Unrolls(LayerModel l, int maps, int vectors) =>
            l.Kernel <= MaxRowTile && l.Kernel * (vectors * (l.Stride == 2 ? 3 : 1) + maps + maps * vectors) <= 100;

        private static string Plus(int t) => t == 0 ? "" : $" + {t}";

        /// <summary>Like the forward: <paramref name="real"/>'s backward computed as <paramref name="l"/>.</summary>
        private static void EmitBackward(SourceWriter w, LayerModel l, LayerModel real)
        {
            KernelText.BackwardHeader(w, real, Describe(real));
            Constants(w, l, forward: false);
            w.Line($"const int F = {l.WideFront}, D = {l.WideDeltaLength};  // F zeros before each map's wide deltas; D floats per map");
            KernelText.ActivationRefs(w, real, gradients: true);
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: true);
            ConnectionsEmitter.ClearGradient(w, l);
            w.Line(l.PadOffset >= 0
                ? $"ref float source = ref At(_scratch, {l.PadOffset});  // the {(l.Pad > 0 ? "padded" : "gathered")} input Forward left here"
                : "ref float source = ref input;");
            w.Line($"ref float wideDelta = ref At(_scratch, {l.WideDeltaOffset});  // [OutC][D]: zeros except the valid positions");
            KernelText.UndoActivation(w, l);

            ConvEmitter.BiasGradient(w, l);

            w.Line("// Spread the deltas into wide rows; the discarded columns and the borders stay 0 forever (so no lane may spill");
            w.Line("// past a row: rows end with a vector overlapping the one before, rows narrower than a vector go float by float).");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float from = ref Unsafe.Add(ref delta, (o * OutH + oy) * OutW);");
            w.Line("ref float to = ref Unsafe.Add(ref wideDelta, o * D + F + oy * InW);");
            w.Open("if (OutW >= V.Count)");
            w.Line("for (int x = 0; x < OutW - V.Count; x += V.Count)");
            w.Line("    V.Store(V.Load(ref Unsafe.Add(ref from, x)), ref Unsafe.Add(ref to, x));");
            w.Line("V.Store(V.Load(ref Unsafe.Add(ref from, OutW - V.Count)), ref Unsafe.Add(ref to, OutW - V.Count));");
            w.Close();
            w.Line("else");
            w.Line("    for (int x = 0; x < OutW; x++) Unsafe.Add(ref to, x) = Unsafe.Add(ref from, x);");
            w.Close();
            w.Close();

            w.Line("// Kernel gradient: dE/dk[c][ky][kx] = sum over q of wideDelta[o][q] * source[i][q + ky*InW + kx]; a row of");
            w.Line($"// {(l.Kernel <= MaxRowTile ? "K" : Tile.ToString())} taps shares each delta load, one accumulator per tap.");
            if (l.HasTable && l.Kernel <= MaxRowTile)
                TableKernelGradient(w, l);
            else
                KernelGradientByOutput(w, l);

            ConnectionsEmitter.Split(w, l);
            w.Line("if (!propagate) return;");
            ConvEmitter.SourceGradient(w, l);
            if (l.Stride == 2)
            {
                ScatterInputGradient(w, l);
                ConvEmitter.CropGradient(w, l);
                w.Close();
                w.Line();
                return;
            }
            w.Line("// Input gradient, the lecture's full convolution as a gather over wide rows:");
            w.Line("// sourceGradient[i][p] = sum over the outputs o that i feeds, ky, kx of weight[c][ky][kx] * wideDelta[o][p - ky*InW - kx].");
            w.Line("const int P = InH * InW;");
            var tiles = l.HasTable ? null : BlockGather(w, l);
            if (l.HasTable)
                TableGather(w, l);
            if (real.Subsamples) w.Line($"{real.Id}_ScatterGradient<V>();  // the gathered input's gradient back to the even rows and columns");
            ConvEmitter.CropGradient(w, l);
            w.Close();
            w.Line();
            foreach (var (m, t) in tiles ?? [])
                GatherMethodText(w, l, m, t);
        }

        /// <summary>
        /// Stride 2: the input gradient as a scatter, sourceGradient[i][2q + ky*InW + kx] += weight * wideDelta[o][q], each
        /// vector of positions written every other float (one shuffle). Discarded positions carry delta 0, so the floats
        /// they touch past a map (or the buffer, into its slack) only get 0 added.
        /// </summary>
        private static void ScatterInputGradient(SourceWriter w, LayerModel l)
        {
            w.Line("// Input gradient, the lecture's full convolution as a scatter from the wide deltas (stride 2).");
            w.Line("MemoryMarshal.CreateSpan(ref sourceGradient, InC * InH * InW).Clear();");
            w.Open("for (int o = 0; o < OutC; o++)");
            ConvEmitter.OpenConnections(w, l);
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, c * K * K);");
            w.Open("for (int tap = 0; tap < K * K; tap++)");
            w.Line("V wk = V.Create(Unsafe.Add(ref k, tap));");
            w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, i * InH * InW + tap / K * InW + tap % K);");
            w.Line("for (int q = 0; q < Q; q += V.Count)");
            w.Line("    V.StoreEven(V.MultiplyAdd(wk, V.Load(ref Unsafe.Add(ref d, q)), V.LoadEven(ref Unsafe.Add(ref g, 2 * q))), ref Unsafe.Add(ref g, 2 * q));");
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The kernel gradient by output map: without a table (and with unrolled taps) two output maps at a time share
        /// each input load; otherwise (a table with long kernels) one connection at a time.
        /// </summary>
        private static void KernelGradientByOutput(SourceWriter w, LayerModel l)
        {
            bool pairs = !l.HasTable && l.Kernel <= MaxRowTile;
            if (pairs)
            {
                w.Line("// Without a table, two output maps at a time also share each input load.");
                w.Open();
                w.Line("int o = 0;");
                w.Open("for (; o <= OutC - 2; o += 2)");
                w.Open("for (int i = 0; i < InC; i++)");
                w.Line("ref float d0 = ref Unsafe.Add(ref wideDelta, o * D + F);");
                w.Line("ref float d1 = ref Unsafe.Add(ref d0, D);");
                w.Line("ref float g0 = ref Unsafe.Add(ref weightGradient, (o * InC + i) * K * K);");
                w.Line("ref float g1 = ref Unsafe.Add(ref g0, InC * K * K);");
                w.Open("for (int ky = 0; ky < K; ky++)");
                w.Line("ref float from = ref Unsafe.Add(ref source, i * InH * InW + ky * InW);");
                KernelGradientPair(w, l);
                w.Close();
                w.Close();
                w.Close();
            }
            w.Open(pairs ? "for (; o < OutC; o++)" : "for (int o = 0; o < OutC; o++)");
            ConvEmitter.OpenConnections(w, l);
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F);");
            w.Line("ref float gk = ref Unsafe.Add(ref weightGradient, c * K * K);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float from = ref Unsafe.Add(ref source, i * InH * InW + ky * InW);");
            if (l.Kernel <= MaxRowTile)
            {
                w.Line("const int kx = 0;");
                KernelGradient(w, l, l.Kernel);
            }
            else
            {
                w.Line("int kx = 0;");
                w.Open($"for (; kx <= K - {Tile}; kx += {Tile})");
                KernelGradient(w, l, Tile);
                w.Close();
                w.Open("for (; kx < K; kx++)");
                KernelGradient(w, l, 1);
                w.Close();
            }
            w.Close();
            w.Close();
            w.Close();
            if (pairs) w.Close();
        }

        /// <summary>
        /// The kernel gradient under a table, by input map: two connections from the same input at a time share each
        /// input load (an odd one out goes alone).
        /// </summary>
        private static void TableKernelGradient(SourceWriter w, LayerModel l)
        {
            w.Line("// Under the table, two connections of the same input map at a time share each input load.");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line($"int e = {l.Id}ByInputStarts[i], end = {l.Id}ByInputStarts[i + 1];");
            w.Open("for (; e <= end - 2; e += 2)");
            w.Line($"ref float d0 = ref Unsafe.Add(ref wideDelta, {l.Id}ByInputOutputs[e] * D + F);");
            w.Line($"ref float d1 = ref Unsafe.Add(ref wideDelta, {l.Id}ByInputOutputs[e + 1] * D + F);");
            w.Line($"ref float g0 = ref Unsafe.Add(ref weightGradient, {l.Id}ByInputBlocks[e] * K * K);");
            w.Line($"ref float g1 = ref Unsafe.Add(ref weightGradient, {l.Id}ByInputBlocks[e + 1] * K * K);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float from = ref Unsafe.Add(ref source, i * InH * InW + ky * InW);");
            KernelGradientPair(w, l);
            w.Close();
            w.Close();
            w.Open("if (e < end)");
            w.Line($"ref float d = ref Unsafe.Add(ref wideDelta, {l.Id}ByInputOutputs[e] * D + F);");
            w.Line($"ref float gk = ref Unsafe.Add(ref weightGradient, {l.Id}ByInputBlocks[e] * K * K);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float from = ref Unsafe.Add(ref source, i * InH * InW + ky * InW);");
            w.Line("const int kx = 0;");
            KernelGradient(w, l, l.Kernel);
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The K taps of kernel row ky for output maps o and o + 1 (input i): one input load per tap feeds both.</summary>
        private static void KernelGradientPair(SourceWriter w, LayerModel l)
        {
            int taps = l.Kernel;
            w.Line(string.Join(", ", Range(taps, t => $"a{t} = V.Zero, b{t} = V.Zero")).Insert(0, "V ") + ";");
            w.Open("for (int q = 0; q < Q; q += V.Count)");
            w.Line("V dq0 = V.Load(ref Unsafe.Add(ref d0, q)), dq1 = V.Load(ref Unsafe.Add(ref d1, q));");
            w.Line(l.Stride == 2 ? "ref float x = ref Unsafe.Add(ref from, 2 * q);" : "ref float x = ref Unsafe.Add(ref from, q);");
            for (int t = 0; t < taps; t++)
            {
                w.Line($"V x{t} = {KernelText.Load("V", $"Unsafe.Add(ref x, {t})", l.Stride)};");
                w.Line($"a{t} = V.MultiplyAdd(dq0, x{t}, a{t});");
                w.Line($"b{t} = V.MultiplyAdd(dq1, x{t}, b{t});");
            }
            w.Close();
            TapSums(w, "a", "g0", "ky * K", taps);
            TapSums(w, "b", "g1", "ky * K", taps);
        }

        /// <summary>gradient[at + t] += the lane sum of accumulator t, four taps at a time where there are four.</summary>
        private static void TapSums(SourceWriter w, string accumulator, string gradient, string at, int taps)
        {
            int t = 0;
            for (; t + 4 <= taps; t += 4)
                w.Line($"V.AddSums4({accumulator}{t}, {accumulator}{t + 1}, {accumulator}{t + 2}, {accumulator}{t + 3}, ref Unsafe.Add(ref {gradient}, {at} + {t}));");
            for (; t < taps; t++)
                w.Line($"Unsafe.Add(ref {gradient}, {at} + {t}) += V.Sum({accumulator}{t});");
        }

        /// <summary>The gather under a connection table, one input map at a time (its own list of outputs).</summary>
        private static void TableGather(SourceWriter w, LayerModel l)
        {
            w.Line("Span<float> last = stackalloc float[16];  // up to one vector of any width");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, i * P);");
            w.Line("int p = 0;");
            w.Open($"for (; p <= P - {Tile} * V.Count; p += {Tile} * V.Count)");
            Gather(w, l, "V", Tile);
            w.Close();
            w.Open("for (; p <= P - V.Count; p += V.Count)");
            Gather(w, l, "V", 1);
            w.Close();
            w.Open("if (p < P)");
            w.Line("// The last P % V.Count positions: one more vector, stored through a stack buffer (the gradient has no slack).");
            Gather(w, l, "V", 1, "MemoryMarshal.GetReference(last)");
            w.Line("last[..(P - p)].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref g, p), P - p));");
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The gather without a table, in blocks of input maps x vectors of positions (tile methods, like the forward):
        /// each delta load feeds every input map of the block, each broadcast weight every vector. Single vectors keep
        /// several sums per map (split by tap) so they do not wait on one long FMA chain.
        /// </summary>
        private static System.Collections.Generic.List<(int Maps, int Vectors)> BlockGather(SourceWriter w, LayerModel l)
        {
            var (maps, vectors) = Block(l.InC);
            var tiles = new System.Collections.Generic.List<(int Maps, int Vectors)>();
            string Call(int m, int t, string target, string pitch)
            {
                if (!tiles.Contains((m, t))) tiles.Add((m, t));
                return $"{GatherMethod(l, m, t)}<V>(i, p, ref {target}, {pitch});";
            }
            void Maps(int m, int t)
            {
                w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, i * P);");
                w.Line("int p = 0;");
                w.Line($"for (; p <= P - {t} * V.Count; p += {t} * V.Count)");
                w.Line($"    {Call(m, t, "Unsafe.Add(ref g, p)", "P")}");
                if (t > 1)
                {
                    w.Line("for (; p <= P - V.Count; p += V.Count)");
                    w.Line($"    {Call(m, 1, "Unsafe.Add(ref g, p)", "P")}");
                }
                w.Open("if (p < P)");
                w.Line("// The last P % V.Count positions: through a stack buffer (a map's gradient has no slack).");
                w.Line(Call(m, 1, "MemoryMarshal.GetReference(last)", "V.Count"));
                w.Line($"for (int m = 0; m < {m}; m++)");
                w.Line("    last.Slice(m * V.Count, P - p).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref g, m * P + p), P - p));");
                w.Close();
            }
            w.Open();  // a scope of its own: i and p are loop variables elsewhere in the method
            w.Line($"Span<float> last = stackalloc float[{maps} * 16];  // one vector of any width per map of a block");
            w.Line("int i = 0;");
            w.Open($"for (; i <= InC - {maps}; i += {maps})");
            Maps(maps, vectors);
            w.Close();
            if (l.InC % maps != 0)
            {
                w.Open("for (; i < InC; i++)");
                Maps(1, WideTile);
                w.Close();
            }
            w.Close();
            return tiles;
        }

        private static string GatherMethod(LayerModel l, int maps, int vectors) => $"{l.Id}_InputGradient{maps}x{vectors}";

        /// <summary>
        /// A gather tile as a method: target[m * pitch + t V.Count ..] = the input gradient of map i + m at p + t V.Count,
        /// summed over every output map o and tap. Input map i + m's kernel for output o is weight block o*InC + i + m.
        /// </summary>
        private static void GatherMethodText(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            // Independent sums per (map, vector): split by tap when there are few, so the FMA chains overlap.
            int split = !Unrolls(l, maps, vectors) ? 1 : Math.Max(1, Math.Min(l.Kernel, 8 / (maps * vectors)));
            string S(int m, int t, int j) => $"s{m}_{t}_{j}";
            w.Line($"/// <summary>{l.Name} input gradient tile: {vectors} vector{(vectors == 1 ? "" : "s")} of positions from p of the {(maps == 1 ? "input map i" : $"{maps} input maps from i")}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private void {GatherMethod(l, maps, vectors)}<V>(int i, int p, ref float target, int pitch) {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InW = {l.PaddedW}, OutC = {l.OutC}, K = {l.Kernel};");
            w.Line($"const int F = {l.WideFront}, D = {l.WideDeltaLength};  // F zeros before each map's wide deltas; D floats per map");
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: false);
            w.Line($"ref float wideDelta = ref At(_scratch, {l.WideDeltaOffset});  // [OutC][D]");
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(vectors * split, n => $"{S(m, n / split, n % split)} = V.Zero")) + ";");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F + p);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (o * InC + i) * K * K);  // weight block [o][i]");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float row = ref Unsafe.Subtract(ref d, ky * InW);");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            void Taps(string kx, int j)
            {
                for (int t = 0; t < vectors; t++)
                    w.Line($"V x{t} = V.Load(ref Unsafe.Add(ref row, {(t == 0 ? "" : Lanes(t) + " ")}- {kx}));");
                for (int m = 0; m < maps; m++)
                {
                    w.Line($"V w{m} = V.Create(Unsafe.Add(ref kr, {(m == 0 ? "" : $"{m} * K * K + ")}{kx}));");
                    for (int t = 0; t < vectors; t++)
                        w.Line($"{S(m, t, j)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t, j)});");
                }
            }
            if (Unrolls(l, maps, vectors))
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Open();
                    Taps(kx.ToString(), kx % split);
                    w.Close();
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                Taps("kx", 0);
                w.Close();
            }
            w.Close();
            w.Close();
            for (int m = 0; m < maps; m++)
                for (int t = 0; t < vectors; t++)
                    w.Line($"V.Store({string.Join(" + ", Range(split, j => S(m, t, j)))}, ref Unsafe.Add(ref target, {(m == 0 ? "" : $"{m} * pitch + ")}{Lanes(t)}));");
            w.Close();
            w.Line();
        }

        private static void KernelGradient(SourceWriter w, LayerModel l, int taps)
        {
            w.Line(string.Join(", ", Range(taps, t => $"a{t} = V.Zero")).Insert(0, "V ") + ";");
            w.Open("for (int q = 0; q < Q; q += V.Count)");
            w.Line("V dq = V.Load(ref Unsafe.Add(ref d, q));");
            w.Line(l.Stride == 2 ? "ref float x = ref Unsafe.Add(ref from, 2 * q + kx);" : "ref float x = ref Unsafe.Add(ref from, q + kx);");
            for (int t = 0; t < taps; t++)
                w.Line($"a{t} = V.MultiplyAdd(dq, {KernelText.Load("V", $"Unsafe.Add(ref x, {t})", l.Stride)}, a{t});");
            w.Close();
            TapSums(w, "a", "gk", "ky * K + kx", taps);
        }

        /// <summary>
        /// Under a table: <paramref name="tile"/> vectors of input map i's gradient from p, over the outputs i feeds. A
        /// single vector keeps one sum per tap, so its FMA chains overlap.
        /// </summary>
        private static void Gather(SourceWriter w, LayerModel l, string lane, int tile, string? target = null)
        {
            int split = tile == 1 && l.Kernel <= MaxRowTile ? l.Kernel : 1;
            string S(int t, int j) => split == 1 ? $"s{t}" : $"s{t}_{j}";
            w.Line(string.Join(", ", Range(tile * split, n => $"{S(n / split, n % split)} = {lane}.Zero")).Insert(0, $"{lane} ") + ";");
            w.Open($"for (int e = {l.Id}ByInputStarts[i]; e < {l.Id}ByInputStarts[i + 1]; e++)");
            w.Line($"int c = {l.Id}ByInputBlocks[e], o = {l.Id}ByInputOutputs[e];");
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F + p);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, c * K * K);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float row = ref Unsafe.Subtract(ref d, ky * InW);");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            if (l.Kernel <= MaxRowTile)
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Line($"{lane} w{kx} = {lane}.Create(Unsafe.Add(ref kr, {kx}));");
                    for (int t = 0; t < tile; t++)
                        w.Line($"{S(t, kx % split)} = {lane}.MultiplyAdd(w{kx}, {lane}.Load(ref Unsafe.Add(ref row, {(t == 0 ? "" : Lanes(t, lane) + " ")}- {kx})), {S(t, kx % split)});");
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                w.Line($"{lane} wk = {lane}.Create(Unsafe.Add(ref kr, kx));");
                w.Line("ref float at = ref Unsafe.Subtract(ref row, kx);");
                for (int t = 0; t < tile; t++)
                    w.Line($"s{t} = {lane}.MultiplyAdd(wk, {lane}.Load(ref Unsafe.Add(ref at, {Lanes(t, lane)})), s{t});");
                w.Close();
            }
            w.Close();
            w.Close();
            for (int t = 0; t < tile; t++)
                w.Line($"{lane}.Store({string.Join(" + ", Range(split, j => S(t, j)))}, ref {target ?? $"Unsafe.Add(ref g, p + {Lanes(t, lane)})"});");
        }

        /// <summary>"2 * " before a lane offset under stride 2 (lane t of position q reads the input at 2(q + t)).</summary>
        private static string Step(LayerModel l) => l.Stride == 2 ? "2 * " : "";

        private static string Lanes(int t, string lane = "V") => t == 0 ? "0" : t == 1 ? $"{lane}.Count" : $"{t} * {lane}.Count";

        private static string[] Range(int n, Func<int, string> f)
        {
            var items = new string[n];
            for (int i = 0; i < n; i++) items[i] = f(i);
            return items;
        }
    }
}
