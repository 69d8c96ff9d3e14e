using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Wide convolutions, forward: the loops over tiles (the tiles in .Tiles.cs), then the compaction of the valid columns.</summary>
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
            CallShared(w, real, body, $"{ShapeName(real)}{(norm is null ? "" : "_Norm")}_Forward", $"Forward of a {Describe(real)}{fused}.",
                LayerParts.ParametersOf(real), LayerParts.ArgumentsOf(real));
            w.Close();
            w.Line();
        }

        private static void ForwardBody(SourceWriter w, LayerModel l, LayerModel real, LayerModel? norm)
        {
            // Split (LayerParts): part 0 gathers or splits the input, the parts pad their share of it, all meet, then each
            // computes and compacts its share of output maps (whole blocks of maps).
            bool split = Planner.SplitsForward(real);
            string zero = split ? "if (part == 0) " : "";
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
                w.Line($"{zero}{GatherInputMethod(w, real)}<V>(ref input, ref source);");
            }
            if (l.SplitsPhases)
            {
                w.Line($"ref float phases = ref At(_scratch, {l.PhaseOffset});  // [2][2][InC][PH][PW]");
                w.Line($"{zero}{SplitPhasesMethod(w, l)};  // pads the input (Backward reads that copy) and splits it by row and column parity");
            }
            ConnectionsEmitter.Mix(w, l);
            w.Line($"ref float wide = ref At(_scratch, {l.WideOffset});  // [OutC][Q]");
            if (!l.SplitsPhases && !real.GathersEvenPositions) ConvEmitter.SourceWithPadding(w, l, split);
            if (norm is not null)
            {
                w.Line($"ref float normWeight = ref At(_parameters, {norm.WeightOffset}), normBias = ref At(_parameters, {norm.BiasOffset});");
                w.Line($"ref float runningMean = ref At(_state, {norm.StateOffset}), runningVariance = ref At(_state, {norm.StateOffset + norm.OutC});");
                w.Line($"ref float normOutput = ref At(_activations, {norm.OutOffset});  // [{norm.OutC}][{norm.OutH}][{norm.OutW}]");
            }
            if (split)
            {
                w.Line("if (parts > 1) _team!.Sync();");
                LayerParts.Rows(w, real, "OutC", l.HasTable ? 1 : Block(l.OutC).Maps);
            }
            string first = split ? "lo" : "0", end = split ? "hi" : "OutC";
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
                w.Open($"for (int o = {first}; o < {end}; o++)");
                SingleMap();
                w.Close();
            }
            else
            {
                var (maps, vectors) = Block(l.OutC);
                w.Line($"// Blocks of {maps} maps x {vectors} vectors of positions: each input load feeds {maps} sums and each broadcast");
                w.Line($"// weight {vectors}, so there are fewer loads than FMAs (most loads straddle two cache lines).");
                w.Line($"int o = {first};");
                w.Open($"for (; o <= {end} - {maps}; o += {maps})");
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
                    w.Open($"for (; o < {end}; o++)");
                    SingleMap();
                    w.Close();
                }
            }
            if (norm is null)
            {
                CompactRows(w, l, null, split);
            }
            else
            {
                w.Open("if (Training && BatchNormSync is not null)");
                w.Line("// The batch norm normalizes with the batch's statistics: it makes its own pass.");
                CompactRows(w, l, null, split);
                w.Close();
                w.Open("else");
                CompactRows(w, l, norm, split);
                w.Close();
            }
        }

        /// <summary>
        /// output[o][oy][..OutW] = f(wide[o][oy*InW ..]): the valid columns of each wide row, activated on the way. Rows
        /// at least a vector wide end with a vector overlapping the one before; narrower rows are one vector each, its
        /// lanes past OutW spilling into the next row, which is written after (rows go in order). Only rows whose
        /// spill would leave the output tensor go lane by lane. Reads past a wide row stay in the scratch (slack).
        /// </summary>
        /// <param name="split">Only the rows of this part's maps [lo, hi); a one-vector row whose lanes would reach
        /// another part's rows stores through a buffer instead (the same vector, so the same floats).</param>
        private static void CompactRows(SourceWriter w, LayerModel l, LayerModel? norm, bool split)
        {
            string f(string u) => KernelText.Activate(l.Activation, u);
            w.Line($"// Keep the OutW valid columns of each wide row{(l.Activation == ActivationKind.Identity ? "" : $", through {l.Activation}")}.");
            if (norm is not null)
            {
                w.Line($"// Also the batch norm with its running statistics, while each row is in registers: y = {norm.Activation}(x * scale + shift).");
                BatchNormEmitter.RunningScaleShift(w, norm);
            }
            if (!split || l.OutW < 16) w.Line("const int Rows = OutC * OutH;");
            if (split)
            {
                w.Line("int rowEnd = hi * OutH;");
                if (l.OutW < 16) w.Line("Span<float> spill = stackalloc float[2 * V.Count];");
            }
            w.Open(split ? "for (int r = lo * OutH; r < rowEnd; r++)" : "for (int r = 0; r < Rows; r++)");
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
            w.Open(split ? "else if (r * OutW + V.Count <= rowEnd * OutW)" : "else if (r * OutW + V.Count <= Rows * OutW)");
            w.Line("// One vector: its lanes past OutW land in the next row, written next.");
            w.Line("int first = 0;");
            Store("first", "V.Load(ref from)");
            w.Close();
            if (split && l.OutW < 16)  // only maps narrower than the widest vector have one-vector rows
            {
                w.Open("else if (r * OutW + V.Count <= Rows * OutW)");
                w.Line("// The same vector through a buffer: its lanes would reach the next part's rows.");
                w.Line($"V vfirst = {f("V.Load(ref from)")};");
                w.Line("V.Store(vfirst, ref MemoryMarshal.GetReference(spill));");
                w.Line("spill[..OutW].CopyTo(MemoryMarshal.CreateSpan(ref to, OutW));");
                if (norm is not null)
                {
                    w.Line($"V.Store({KernelText.Activate(norm.Activation, "V.MultiplyAdd(vfirst, scale, shift)")}, ref MemoryMarshal.GetReference(spill));");
                    w.Line("spill[..OutW].CopyTo(MemoryMarshal.CreateSpan(ref normTo, OutW));");
                }
                w.Close();
            }
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
    }
}
