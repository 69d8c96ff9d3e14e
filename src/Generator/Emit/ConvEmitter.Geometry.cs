using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The direct kernels for a general window (<see cref="ConvLayer.Regular"/> false): a kernel of KH x KW taps DH and DW
    /// apart, strides SH and SW, pads top, left, bottom and right, as PyTorch's nn.Conv2d and ONNX's Conv. Tap (ky, kx) of
    /// output (oy, ox) reads the padded input at (oy*SH + ky*DH, ox*SW + kx*DW); every such read lies inside the padded
    /// input by the output size rule, so the loops need no bounds checks.
    /// </summary>
    internal static partial class ConvEmitter
    {
        private static string DescribeGeneral(LayerModel l, ConvLayer conv) =>
            $"convolution {KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, l.OutH, l.OutW)}, " +
            $"{conv.KernelH}x{conv.KernelW} kernel, stride {conv.StrideH}x{conv.StrideW}, " +
            $"pads {conv.PadTop}, {conv.PadLeft}, {conv.PadBottom}, {conv.PadRight} (top, left, bottom, right), dilation {conv.DilationH}x{conv.DilationW}" +
            (l.HasTable ? $", connection table ({l.ConnectedPairs} of {l.InC * l.OutC} map pairs)" : "") +
            $", {l.Activation}";

        private static void GeneralConstants(SourceWriter w, LayerModel l, ConvLayer conv, bool forward)
        {
            string padded = conv.Padded ? $"  // the zero-padded input ({l.InH}x{l.InW} + {conv.PadTop}, {conv.PadLeft}, {conv.PadBottom}, {conv.PadRight})" : "";
            // Under a table without padding the forward pass never needs the input map count (C# rejects unused constants).
            string inC = forward && l.HasTable && !conv.Padded ? "" : $"InC = {l.InC}, ";
            w.Line($"const int {inC}InH = {l.PaddedH}, InW = {l.PaddedW};{padded}");
            w.Line($"const int OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line($"const int KH = {conv.KernelH}, KW = {conv.KernelW}, SH = {conv.StrideH}, SW = {conv.StrideW}, DH = {conv.DilationH}, DW = {conv.DilationW};");
        }

        /// <summary>Copies input row y of map i to (y + top, left) of the padded buffer (or, back, the reverse).</summary>
        private static void CopyRows(SourceWriter w, LayerModel l, ConvLayer conv, string from, string to, bool intoPadded)
        {
            string padded = $"(i * InH + y + {conv.PadTop}) * InW + {conv.PadLeft}", plain = $"(i * {l.InH} + y) * {l.InW}";
            w.Open("for (int i = 0; i < InC; i++)");
            w.Open($"for (int y = 0; y < {l.InH}; y++)");
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref {from}, {(intoPadded ? plain : padded)}), {l.InW})");
            w.Line($"    .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref {to}, {(intoPadded ? padded : plain)}), {l.InW}));");
            w.Close();
            w.Close();
        }

        private static void EmitGeneralForward(SourceWriter w, LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            KernelText.ForwardHeader(w, l, DescribeGeneral(l, conv));
            GeneralConstants(w, l, conv, forward: true);
            KernelText.ActivationRefs(w, l, gradients: false);
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{conv.KernelH}][{conv.KernelW}]", $"[{l.OutC}]", gradients: false);
            ConnectionsEmitter.Mix(w, l);
            if (conv.Padded)
            {
                w.Line($"ref float source = ref At(_scratch, {l.PadOffset});  // [{l.InC}][{l.PaddedH}][{l.PaddedW}]");
                w.Line("// Zero padding: copy the input inside the padded buffer, whose border is never written.");
                CopyRows(w, l, conv, "input", "source", intoPadded: true);
            }
            else w.Line("ref float source = ref input;");
            w.Line("// output[o][oy][ox] = f(bias[o] + sum over connected i, ky, kx of weight[c][ky][kx] * source[i][oy*SH + ky*DH][ox*SW + kx*DW])");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            KernelText.Columns(w, "OutW", lane =>
            {
                w.Line(l.BiasCount > 0 ? $"{lane} sum = {lane}.Create(Unsafe.Add(ref bias, o));" : $"{lane} sum = {lane}.Zero;");
                OpenConnections(w, l);
                w.Open("for (int ky = 0; ky < KH; ky++)");
                w.Line("ref float row = ref Unsafe.Add(ref source, (i * InH + oy * SH + ky * DH) * InW + ox * SW);");
                w.Line("ref float k = ref Unsafe.Add(ref weight, (c * KH + ky) * KW);");
                w.Line("for (int kx = 0; kx < KW; kx++)");
                w.Line($"    sum = {lane}.MultiplyAdd({lane}.Create(Unsafe.Add(ref k, kx)), {KernelText.Load(lane, "Unsafe.Add(ref row, kx * DW)", conv.StrideW)}, sum);");
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

        private static void EmitGeneralBackward(SourceWriter w, LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            KernelText.BackwardHeader(w, l, DescribeGeneral(l, conv));
            GeneralConstants(w, l, conv, forward: false);
            KernelText.ActivationRefs(w, l, gradients: true);
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{conv.KernelH}][{conv.KernelW}]", $"[{l.OutC}]", gradients: true);
            ConnectionsEmitter.ClearGradient(w, l);
            w.Line(conv.Padded
                ? $"ref float source = ref At(_scratch, {l.PadOffset});  // the padded input Forward left here"
                : "ref float source = ref input;");
            KernelText.UndoActivation(w, l);
            BiasGradient(w, l);

            w.Line("// Kernel gradient: dE/dk[c][ky][kx] = sum over positions of delta[o][oy][ox] * source[i][oy*SH + ky*DH][ox*SW + kx*DW].");
            w.Open("for (int o = 0; o < OutC; o++)");
            OpenConnections(w, l);
            w.Open("for (int ky = 0; ky < KH; ky++)");
            w.Open("for (int kx = 0; kx < KW; kx++)");
            w.Line("V acc = V.Zero;");
            w.Line("float tail = 0f;");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float d = ref Unsafe.Add(ref delta, (o * OutH + oy) * OutW);");
            w.Line("ref float x = ref Unsafe.Add(ref source, (i * InH + oy * SH + ky * DH) * InW + kx * DW);");
            w.Line("int ox = 0;");
            w.Line("for (; ox <= OutW - V.Count; ox += V.Count)");
            w.Line($"    acc = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref d, ox)), {KernelText.Load("V", "Unsafe.Add(ref x, ox * SW)", conv.StrideW)}, acc);");
            w.Line("for (; ox < OutW; ox++)");
            w.Line("    tail = MathF.FusedMultiplyAdd(Unsafe.Add(ref d, ox), Unsafe.Add(ref x, ox * SW), tail);");
            w.Close();
            w.Line("Unsafe.Add(ref weightGradient, (c * KH + ky) * KW + kx) += V.Sum(acc) + tail;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();

            ConnectionsEmitter.Split(w, l);
            w.Line("if (!propagate) return;");
            w.Line(conv.Padded
                ? $"ref float sourceGradient = ref At(_scratch, {l.PadGradientOffset});  // dE/d(padded input)"
                : "ref float sourceGradient = ref inputGradient;");
            w.Line("MemoryMarshal.CreateSpan(ref sourceGradient, InC * InH * InW).Clear();");
            w.Line("// Input gradient as a scatter: sourceGradient[i][oy*SH + ky*DH][ox*SW + kx*DW] += weight[c][ky][kx] * delta[o][oy][ox].");
            w.Open("for (int o = 0; o < OutC; o++)");
            OpenConnections(w, l);
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float d = ref Unsafe.Add(ref delta, (o * OutH + oy) * OutW);");
            w.Open("for (int ky = 0; ky < KH; ky++)");
            w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, (i * InH + oy * SH + ky * DH) * InW);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (c * KH + ky) * KW);");
            w.Open("for (int kx = 0; kx < KW; kx++)");
            w.Line("float wk = Unsafe.Add(ref k, kx);");
            w.Line("V wv = V.Create(wk);");
            w.Line("int ox = 0;");
            w.Open("for (; ox <= OutW - V.Count; ox += V.Count)");
            w.Line("ref float gx = ref Unsafe.Add(ref g, ox * SW + kx * DW);");
            w.Line(KernelText.Store("V", $"V.MultiplyAdd(wv, V.Load(ref Unsafe.Add(ref d, ox)), {KernelText.Load("V", "gx", conv.StrideW)})", "gx", conv.StrideW));
            w.Close();
            w.Line("for (; ox < OutW; ox++)");
            w.Line("    Unsafe.Add(ref g, ox * SW + kx * DW) = MathF.FusedMultiplyAdd(wk, Unsafe.Add(ref d, ox), Unsafe.Add(ref g, ox * SW + kx * DW));");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            if (conv.Padded)
            {
                w.Line("// Drop the padded border's gradient: copy the interior back to dE/dinput.");
                CopyRows(w, l, conv, "sourceGradient", "inputGradient", intoPadded: false);
            }
            w.Close();
            w.Line();
        }
    }
}
