using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Wide convolutions, forward: the tiles and their register blocks, then the compaction of the valid columns.</summary>
    internal static partial class WideConvEmitter
    {
        /// <summary>
        /// Emits <paramref name="real"/>'s forward computed as <paramref name="l"/> (the same layer, or its gathered
        /// stride-1 form): names, descriptions and the input/output buffers are the real layer's.
        /// </summary>
        private static void EmitForward(SourceWriter w, LayerModel l, LayerModel real, LayerModel? norm)
        {
            KernelText.ForwardHeader(w, real, Describe(real));
            string body = SharedMethods.Render(w, b => ForwardBody(b, l, real, norm));
            string fused = norm is null ? "" : $", then a batch norm ({norm.Activation}) with running statistics";
            CallShared(w, real, body, $"{ShapeName(real)}{(norm is null ? "" : "_Norm")}_Forward", $"Forward of a {Describe(real)}{fused}.", "", "");
            w.Close();
            w.Line();
        }

        private static void ForwardBody(SourceWriter w, LayerModel l, LayerModel real, LayerModel? norm)
        {
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
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: false);
            if (real.GathersEvenPositions)
            {
                w.Line($"ref float source = ref At(_scratch, {l.PadOffset});  // the input's even rows and columns, gathered: then this is a stride-1 1x1 convolution");
                w.Line($"{GatherInputMethod(w, real)}<V>(ref input, ref source);");
            }
            if (l.SplitsPhases)
            {
                w.Line($"ref float phases = ref At(_scratch, {l.PhaseOffset});  // [2][2][InC][PH][PW]");
                w.Line($"{SplitPhasesMethod(w, l)};  // pads the input (Backward reads that copy) and splits it by row and column parity");
            }
            ConnectionsEmitter.Mix(w, l);
            w.Line($"ref float wide = ref At(_scratch, {l.WideOffset});  // [OutC][Q]");
            if (!l.SplitsPhases && !real.GathersEvenPositions) ConvEmitter.SourceWithPadding(w, l);
            if (norm is not null)
            {
                w.Line($"ref float normWeight = ref At(_parameters, {norm.WeightOffset}), normBias = ref At(_parameters, {norm.BiasOffset});");
                w.Line($"ref float runningMean = ref At(_state, {norm.StateOffset}), runningVariance = ref At(_state, {norm.StateOffset + norm.OutC});");
                w.Line($"ref float normOutput = ref At(_activations, {norm.OutOffset});  // [{norm.OutC}][{norm.OutH}][{norm.OutW}]");
            }
            w.Line("// wide[o][q] = bias[o] + sum over connected i, ky, kx of weight[c][ky][kx] * source[i][q + ky*InW + kx]; f once compacted");
            w.Line("// Register tiles, each its own method: one method holding them all would exceed the JIT's inlining budget,");
            w.Line("// leaving the lane operations as calls.");
            string input = l.SplitsPhases ? "phases" : "source";
            string bias = l.BiasCount > 0 ? "ref bias, " : "";
            void Call(int maps, int vectors) =>
                w.Line($"{TileMethod(w, l, real, maps, vectors)}<V>(o, q, ref {input}, ref weight, {bias}ref wide);");
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
            if (norm is null)
            {
                CompactRows(w, l, null);
            }
            else
            {
                w.Open("if (Training && BatchNormSync is not null)");
                w.Line("// The batch norm normalizes with the batch's statistics: it makes its own pass.");
                CompactRows(w, l, null);
                w.Close();
                w.Open("else");
                CompactRows(w, l, norm);
                w.Close();
            }
        }

        /// <summary>
        /// output[o][oy][..OutW] = f(wide[o][oy*InW ..]): the valid columns of each wide row, activated on the way. Rows
        /// at least a vector wide end with a vector overlapping the one before; narrower rows are one vector each, its
        /// lanes past OutW spilling into the next row, which is written after (rows go in order). Only rows whose
        /// spill would leave the output tensor go lane by lane. Reads past a wide row stay in the scratch (slack).
        /// </summary>
        private static void CompactRows(SourceWriter w, LayerModel l, LayerModel? norm)
        {
            string f(string u) => KernelText.Activate(l.Activation, u);
            w.Line($"// Keep the OutW valid columns of each wide row{(l.Activation == ActivationKind.Identity ? "" : $", through {l.Activation}")}.");
            if (norm is not null)
            {
                w.Line($"// Also the batch norm with its running statistics, while each row is in registers: y = {norm.Activation}(x * scale + shift).");
                BatchNormEmitter.RunningScaleShift(w, norm);
            }
            w.Line("const int Rows = OutC * OutH;");
            w.Open("for (int r = 0; r < Rows; r++)");
            w.Line("ref float from = ref Unsafe.Add(ref wide, r / OutH * Q + r % OutH * InW);");
            w.Line("ref float to = ref Unsafe.Add(ref output, r * OutW);");
            if (norm is not null)
            {
                w.Line("ref float normTo = ref Unsafe.Add(ref normOutput, r * OutW);");
                w.Line("V scale = V.Create(normScale[r / OutH]), shift = V.Create(normShift[r / OutH]);");
            }
            void Store(string x, string load)
            {
                w.Line($"V v{x} = {f(load)};");
                w.Line($"V.Store(v{x}, ref Unsafe.Add(ref to, {x}));");
                if (norm is not null)
                    w.Line($"V.Store({KernelText.Activate(norm.Activation, $"V.MultiplyAdd(v{x}, scale, shift)")}, ref Unsafe.Add(ref normTo, {x}));");
            }
            w.Open("if (OutW >= V.Count)");
            w.Open("for (int x = 0; x < OutW - V.Count; x += V.Count)");
            Store("x", "V.Load(ref Unsafe.Add(ref from, x))");
            w.Close();
            w.Line("int last = OutW - V.Count;");
            Store("last", "V.Load(ref Unsafe.Add(ref from, last))");
            w.Close();
            w.Open("else if (r * OutW + V.Count <= Rows * OutW)");
            w.Line("// One vector: its lanes past OutW land in the next row, written next.");
            w.Line("int first = 0;");
            Store("first", "V.Load(ref from)");
            w.Close();
            w.Open("else");
            w.Open("for (int x = 0; x < OutW; x++)");
            w.Line(l.Activation == ActivationKind.Identity
                ? "float value = Unsafe.Add(ref from, x);"
                : $"float value = Activations.{l.Activation}(new Scalar(Unsafe.Add(ref from, x))).Value;");
            w.Line("Unsafe.Add(ref to, x) = value;");
            if (norm is not null)
                w.Line($"Unsafe.Add(ref normTo, x) = {KernelText.Activate(norm.Activation, "Scalar.MultiplyAdd(new Scalar(value), Scalar.Create(normScale[r / OutH]), Scalar.Create(normShift[r / OutH]))")}.Value;");
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The name of a forward register tile (o, q) -> the weighted sums stored in wide, written once per text.</summary>
        private static string TileMethod(SourceWriter w, LayerModel l, LayerModel real, int maps, int vectors)
        {
            string what = maps == 1
                ? $"{vectors} vector{(vectors == 1 ? "" : "s")} of positions from q of map o"
                : $"{vectors} vector{(vectors == 1 ? "" : "s")} of positions from q of the {maps} maps from o";
            string text = SharedMethods.Render(w, b => TileMethodText(b, l, maps, vectors));
            string name = l.HasTable ? $"{l.Id}_ForwardTile{maps}x{vectors}" : $"{TileShapeName(l)}_ForwardTile{maps}x{vectors}";
            return w.Shared.Use(name, $"Forward tile of a {TileShape(l)}: {what}.", text, real.Name);
        }

        /// <summary>One forward register tile as a method of its own (see the class comment: the JIT needs it so).</summary>
        private static void TileMethodText(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            string input = l.SplitsPhases ? "phases" : "source";
            string bias = l.BiasCount > 0 ? "ref float bias, " : "";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SharedMethods.NameToken}<V>(int o, int q, ref float {input}, ref float weight, {bias}ref float wide) {KernelText.Constraint}");
            if (l.SplitsPhases)
                w.Line($"const int InC = {l.InC}, PH = {l.PhaseH}, PW = {l.PhaseW}, K = {l.Kernel}, Q = {l.PhaseWidePositions};  // phases: [2][2][InC][PH][PW]");
            else
                w.Line($"const int {(l.HasTable ? "" : $"InC = {l.InC}, ")}InH = {l.PaddedH}, InW = {l.PaddedW}, K = {l.Kernel}, Q = {l.WidePositions};  // weight: [{(l.HasTable ? "connection" : "OutC][InC")}][K][K], wide: [OutC][Q]");
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
            // Parity planes (stride 2, see LayerModel.SplitsPhases): tap (ky, kx) reads plane (ky%2, kx%2) at row ky/2 and
            // column kx/2 from q, contiguous like a stride-1 tap.
            bool phases = l.SplitsPhases;
            string S(int m, int t) => $"s{m}_{t}";
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(vectors, t => $"{S(m, t)} = " + (l.BiasCount > 0 ? $"V.Create(Unsafe.Add(ref bias, o{Plus(m)}))" : "V.Zero"))) + ";");
            w.Open("for (int i = 0; i < InC; i++)");
            if (!phases)
                w.Line(l.Stride == 2
                    ? "ref float from = ref Unsafe.Add(ref source, i * InH * InW + 2 * q);  // stride 2: position q reads the input at 2q"
                    : "ref float from = ref Unsafe.Add(ref source, i * InH * InW + q);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (o * InC + i) * K * K);  // weight block [o][i]");
            w.Open("for (int ky = 0; ky < K; ky++)");
            if (phases)
            {
                w.Line("ref float even = ref Unsafe.Add(ref phases, ((ky & 1) * 2 * InC + i) * PH * PW + (ky >> 1) * PW + q);  // even input columns");
                w.Line("ref float odd = ref Unsafe.Add(ref even, InC * PH * PW);                                            // odd input columns");
            }
            else
            {
                w.Line("ref float row = ref Unsafe.Add(ref from, ky * InW);");
            }
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            // The load of vector t of tap kx: from the row (stride 1 or 2), or from the tap's parity plane.
            void Taps(string kx, Func<int, string> load)
            {
                for (int t = 0; t < vectors; t++)
                    w.Line($"V x{t} = {load(t)};");
                for (int m = 0; m < maps; m++)
                {
                    w.Line($"V w{m} = V.Create(Unsafe.Add(ref kr, {(m == 0 ? "" : $"{m} * InC * K * K + ")}{kx}));");
                    for (int t = 0; t < vectors; t++)
                        w.Line($"{S(m, t)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t)});");
                }
            }
            string RowLoad(string kx, int t) =>
                KernelText.Load("V", $"Unsafe.Add(ref row, {kx}{(t == 0 ? "" : " + " + Step(l) + Lanes(t))})", l.Stride);
            string PlaneLoad(string plane, string column, int t) =>
                $"V.Load(ref Unsafe.Add(ref {plane}, {column}{(t == 0 ? "" : " + " + Lanes(t))}))";
            if (Unrolls(phases ? l with { Stride = 1 } : l, maps, vectors))
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Open();  // a scope per tap: x and w names reused
                    int tap = kx;
                    Taps(kx.ToString(), phases ? t => PlaneLoad(tap % 2 == 0 ? "even" : "odd", (tap / 2).ToString(), t) : t => RowLoad(tap.ToString(), t));
                    w.Close();
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                if (phases) w.Line("ref float at = ref Unsafe.Add(ref (kx & 1) == 0 ? ref even : ref odd, kx >> 1);");
                Taps("kx", phases ? t => PlaneLoad("at", "0", t) : t => RowLoad("kx", t));
                w.Close();
            }
            w.Close();
            w.Close();
            for (int m = 0; m < maps; m++)
                for (int t = 0; t < vectors; t++)
                    w.Line($"V.Store({S(m, t)}, ref Unsafe.Add(ref wide, (o{Plus(m)}) * Q + q + {Lanes(t)}));");
        }
    }
}
