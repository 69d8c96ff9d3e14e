using System;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Convolution (cross-correlation), optionally through a connection table, with stride and zero padding.
    /// Vectorized across output columns; weights are broadcast. Forward and backward side by side.
    /// </summary>
    internal static partial class ConvEmitter
    {
        public static string Describe(LayerModel l) =>
            $"convolution {KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, l.OutH, l.OutW)}, " +
            $"{l.Kernel}x{l.Kernel} kernel, stride {l.Stride}, padding {l.Pad}" +
            (l.HasTable ? $", connection table ({l.ConnectedPairs} of {l.InC * l.OutC} map pairs)" : "") +
            $", {l.Activation}";

        /// <summary>The connection table as two constant spans (CSR): inputs of output map o are Inputs[Starts[o]..Starts[o+1]).</summary>
        public static void EmitTable(SourceWriter w, LayerModel l)
        {
            if (l.Payload is not ConvLayer { HasTable: true } conv) return;
            if (conv.Groups > 1)
            {
                GroupedTable(w, l, conv.Groups);
                return;
            }
            w.Line($"/// <summary>{l.Name}'s connection table: the inputs of output map o are {l.Id}Inputs[{l.Id}Starts[o] .. {l.Id}Starts[o + 1]).</summary>");
            w.Line($"private static ReadOnlySpan<int> {l.Id}Starts => [{string.Join(", ", conv.TableStarts)}];");
            w.Line($"private static ReadOnlySpan<int> {l.Id}Inputs => [{string.Join(", ", conv.TableInputs)}];");
            if (l.RunsWide)
            {
                // The same table by input map, for the input gradient: input i feeds (weight block, output map) pairs
                // ByInputBlocks/ByInputOutputs[ByInputStarts[i] .. ByInputStarts[i + 1]).
                // A counting sort by input map: linear in the pairs (a scan per input map would be InC x pairs).
                var starts = new int[l.InC + 1];
                for (int c = 0; c < conv.TableInputs.Count; c++) starts[conv.TableInputs[c] + 1]++;
                for (int i = 0; i < l.InC; i++) starts[i + 1] += starts[i];
                var blocks = new int[conv.TableInputs.Count];
                var outputs = new int[conv.TableInputs.Count];
                var next = (int[])starts.Clone();
                for (int o = 0; o < l.OutC; o++)
                    for (int c = conv.TableStarts[o]; c < conv.TableStarts[o + 1]; c++)
                    {
                        int j = next[conv.TableInputs[c]]++;
                        blocks[j] = c;
                        outputs[j] = o;
                    }
                w.Line($"/// <summary>{l.Name}'s table by input map: input i feeds weight block {l.Id}ByInputBlocks[j] of output map {l.Id}ByInputOutputs[j], j in [{l.Id}ByInputStarts[i] .. {l.Id}ByInputStarts[i + 1]).</summary>");
                w.Line($"private static ReadOnlySpan<int> {l.Id}ByInputStarts => [{string.Join(", ", starts)}];");
                w.Line($"private static ReadOnlySpan<int> {l.Id}ByInputBlocks => [{string.Join(", ", blocks)}];");
                w.Line($"private static ReadOnlySpan<int> {l.Id}ByInputOutputs => [{string.Join(", ", outputs)}];");
            }
            w.Line();
        }

        /// <summary>
        /// A grouped layer's table has a closed form: the same arrays, computed when the type initializes (GroupedConnections
        /// in the runtime) rather than written out, which for AlexNet's grouped layers was megabytes of literals.
        /// </summary>
        private static void GroupedTable(SourceWriter w, LayerModel l, int groups)
        {
            string arguments = $"({groups}, {l.InC}, {l.OutC})";
            w.Line($"/// <summary>{l.Name}'s connection table ({groups} groups): the inputs of output map o are {l.Id}Inputs[{l.Id}Starts[o] .. {l.Id}Starts[o + 1]).</summary>");
            w.Line($"private static readonly int[] {l.Id}Starts = GroupedConnections.Starts{arguments};");
            w.Line($"private static readonly int[] {l.Id}Inputs = GroupedConnections.Inputs{arguments};");
            if (l.RunsWide)
            {
                w.Line($"/// <summary>{l.Name}'s table by input map: input i feeds weight block {l.Id}ByInputBlocks[j] of output map {l.Id}ByInputOutputs[j], j in [{l.Id}ByInputStarts[i] .. {l.Id}ByInputStarts[i + 1]).</summary>");
                foreach (var array in new[] { "ByInputStarts", "ByInputBlocks", "ByInputOutputs" })
                    w.Line($"private static readonly int[] {l.Id}{array} = GroupedConnections.{array}{arguments};");
            }
            w.Line();
        }

        /// <summary>Defines <c>source</c>: the input itself, or (with padding) a copy in the middle of a zero-bordered buffer.</summary>
        /// <param name="split">In a split forward (<see cref="LayerParts"/>): this part copies its share of the input maps.</param>
        internal static void SourceWithPadding(SourceWriter w, LayerModel l, bool split = false)
        {
            if (split) w.Line($"var (copyFrom, copyTo) = global::NetGen.Batching.LayerTeam.Range({(l.Pad > 0 ? "InC" : l.InC.ToString())}, 1, part, parts);");
            if (l.Pad > 0)
            {
                w.Line($"ref float source = ref At(_scratch, {l.PadOffset});  // [{l.InC}][{l.PaddedH}][{l.PaddedW}]");
                w.Line("// Zero padding: copy the input into the middle of the padded buffer, whose border is never written.");
                w.Open(split ? "for (int i = copyFrom; i < copyTo; i++)" : "for (int i = 0; i < InC; i++)");
                w.Open($"for (int y = 0; y < {l.InH}; y++)");
                w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref input, (i * {l.InH} + y) * {l.InW}), {l.InW})");
                w.Line($"    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref source, (i * InH + y + {l.Pad}) * InW + {l.Pad}), {l.InW}));");
                w.Close();
                w.Close();
            }
            else
            {
                w.Line("ref float source = ref input;");
            }
        }

        /// <summary>Defines <c>sourceGradient</c>: dE/dinput itself, or (with padding) the padded copy's gradient, cropped later.</summary>
        internal static void SourceGradient(SourceWriter w, LayerModel l) =>
            w.Line(l.PadGradientOffset >= 0
                ? $"ref float sourceGradient = ref At(_scratch, {l.PadGradientOffset});  // dE/d({(l.Pad > 0 ? "padded" : "gathered")} input)"
                : "ref float sourceGradient = ref inputGradient;");

        /// <summary>With padding: copies the interior of the padded input's gradient to dE/dinput (the border's is dropped).</summary>
        internal static void CropGradient(SourceWriter w, LayerModel l)
        {
            if (l.Pad == 0) return;
            w.Line("// Drop the padded border's gradient: copy the interior back to dE/dinput.");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open($"for (int y = 0; y < {l.InH}; y++)");
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref sourceGradient, (i * InH + y + {l.Pad}) * InW + {l.Pad}), {l.InW})");
            w.Line($"    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref inputGradient, (i * {l.InH} + y) * {l.InW}), {l.InW}));");
            w.Close();
            w.Close();
        }

        /// <summary>Bias gradient: the sum of each map's deltas (when the maps have biases).</summary>
        internal static void BiasGradient(SourceWriter w, LayerModel l)
        {
            if (l.BiasCount == 0) return;
            w.Line("// Bias gradient: the sum of each map's deltas.");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line("Unsafe.Add(ref biasGradient, o) += Vectors.Sum<V>(ref Unsafe.Add(ref delta, o * OutH * OutW), OutH * OutW);");
            w.Close();
        }

        private static void Constants(SourceWriter w, LayerModel l, bool forward)
        {
            string padded = l.Pad > 0 ? $"  // the zero-padded input ({l.InH}x{l.InW} + {l.Pad} on every side)" : "";
            // Under a table the forward pass never needs the input map count (C# rejects unused constants).
            string inC = forward && l.HasTable && l.Pad == 0 ? "" : $"InC = {l.InC}, ";
            w.Line($"const int {inC}InH = {l.PaddedH}, InW = {l.PaddedW};{padded}");
            w.Line($"const int OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW}, K = {l.Kernel}, S = {l.Stride};");
        }

        /// <summary>Opens the loop over the input maps connected to output map o, defining c (weight block) and i (input map).</summary>
        internal static void OpenConnections(SourceWriter w, LayerModel l)
        {
            if (l.HasTable)
            {
                w.Open($"for (int c = {l.Id}Starts[o]; c < {l.Id}Starts[o + 1]; c++)");
                w.Line($"int i = {l.Id}Inputs[c];");
            }
            else
            {
                w.Open("for (int i = 0; i < InC; i++)");
                w.Line("int c = o * InC + i;  // weight block [o][i]");
            }
        }

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            if (!l.As<ConvLayer>().Regular) { EmitGeneralForward(w, l); return; }
            KernelText.ForwardHeader(w, l, Describe(l));
            Constants(w, l, forward: true);
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: false);
            ConnectionsEmitter.Mix(w, l);
            SourceWithPadding(w, l);
            w.Line($"// output[o][oy][ox] = f(bias[o] + sum over connected i, ky, kx of weight[c][ky][kx] * source[i][oy*S + ky][ox*S + kx])");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            KernelText.Columns(w, "OutW", lane =>
            {
                w.Line(l.BiasCount > 0 ? $"{lane} sum = {lane}.Create(Unsafe.Add(ref bias, o));" : $"{lane} sum = {lane}.Zero;");
                OpenConnections(w, l);
                w.Open("for (int ky = 0; ky < K; ky++)");
                w.Line("ref float row = ref Unsafe.Add(ref source, (i * InH + oy * S + ky) * InW + ox * S);");
                w.Line("ref float k = ref Unsafe.Add(ref weight, (c * K + ky) * K);");
                w.Line("for (int kx = 0; kx < K; kx++)");
                w.Line($"    sum = {lane}.MultiplyAdd({lane}.Create(Unsafe.Add(ref k, kx)), {KernelText.Load(lane, "Unsafe.Add(ref row, kx)", l.Stride)}, sum);");
                w.Close();
                w.Close();
                w.Line($"{lane}.Store(sum, ref Unsafe.Add(ref output, (o * OutH + oy) * OutW + ox));");
            });
            w.Close();
            w.Close();
            KernelText.ActivateInPlace(w, l);
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            if (!l.As<ConvLayer>().Regular) { EmitGeneralBackward(w, l); return; }
            KernelText.BackwardHeader(w, l, Describe(l));
            Constants(w, l, forward: false);
            KernelText.ActivationRefs(w, l, gradients: true);
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: true);
            ConnectionsEmitter.ClearGradient(w, l);
            w.Line(l.Pad > 0
                ? $"ref float source = ref At(_scratch, {l.PadOffset});  // the padded input Forward left here"
                : "ref float source = ref input;");
            KernelText.UndoActivation(w, l);

            BiasGradient(w, l);

            w.Line("// Kernel gradient: dE/dk[c][ky][kx] = sum over positions of delta[o][oy][ox] * source[i][oy*S + ky][ox*S + kx].");
            w.Open("for (int o = 0; o < OutC; o++)");
            OpenConnections(w, l);
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Open("for (int kx = 0; kx < K; kx++)");
            w.Line("V acc = V.Zero;");
            w.Line("float tail = 0f;");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float d = ref Unsafe.Add(ref delta, (o * OutH + oy) * OutW);");
            w.Line("ref float x = ref Unsafe.Add(ref source, (i * InH + oy * S + ky) * InW + kx);");
            w.Line("int ox = 0;");
            w.Line("for (; ox <= OutW - V.Count; ox += V.Count)");
            w.Line($"    acc = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref d, ox)), {KernelText.Load("V", "Unsafe.Add(ref x, ox * S)", l.Stride)}, acc);");
            w.Line("for (; ox < OutW; ox++)");
            w.Line("    tail = MathF.FusedMultiplyAdd(Unsafe.Add(ref d, ox), Unsafe.Add(ref x, ox * S), tail);");
            w.Close();
            w.Line("Unsafe.Add(ref weightGradient, (c * K + ky) * K + kx) += V.Sum(acc) + tail;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();

            ConnectionsEmitter.Split(w, l);
            w.Line("if (!propagate) return;");
            ConvEmitter.SourceGradient(w, l);
            w.Line("MemoryMarshal.CreateSpan(ref sourceGradient, InC * InH * InW).Clear();");
            w.Line("// Input gradient, the lecture's full convolution written as a scatter:");
            w.Line("// sourceGradient[i][oy*S + ky][ox*S + kx] += weight[c][ky][kx] * delta[o][oy][ox], over the outputs each input feeds.");
            w.Open("for (int o = 0; o < OutC; o++)");
            OpenConnections(w, l);
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float d = ref Unsafe.Add(ref delta, (o * OutH + oy) * OutW);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, (i * InH + oy * S + ky) * InW);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (c * K + ky) * K);");
            w.Open("for (int kx = 0; kx < K; kx++)");
            w.Line("float wk = Unsafe.Add(ref k, kx);");
            w.Line("V wv = V.Create(wk);");
            w.Line("int ox = 0;");
            w.Open("for (; ox <= OutW - V.Count; ox += V.Count)");
            w.Line("ref float gx = ref Unsafe.Add(ref g, ox * S + kx);");
            w.Line(KernelText.Store("V", $"V.MultiplyAdd(wv, V.Load(ref Unsafe.Add(ref d, ox)), {KernelText.Load("V", "gx", l.Stride)})", "gx", l.Stride));
            w.Close();
            w.Line("for (; ox < OutW; ox++)");
            w.Line("    Unsafe.Add(ref g, ox * S + kx) = MathF.FusedMultiplyAdd(wk, Unsafe.Add(ref d, ox), Unsafe.Add(ref g, ox * S + kx));");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            CropGradient(w, l);
            w.Close();
            w.Line();
        }
    }
}
