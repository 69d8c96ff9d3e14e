using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Transposed convolution as PyTorch's nn.ConvTranspose2d and ONNX's ConvTranspose: input unit x[c][iy][ix] adds
    /// weight[c][q][ky][kx] * x to full[m][iy*SH + ky*DH][ix*SW + kx*DW] for each map m = group(c)*MG + q; the output is
    /// full[m][oy + PT][ox + PL] + bias[m]. The forward scatters into a zeroed scratch of [OutC][FH][FW] (vectorized across
    /// input columns: SW floats apart in the scratch) and crops it; the backward places dE/du in the same scratch at the
    /// output's place (zero elsewhere: cropped positions have no gradient), then the input gradient is the ordinary
    /// strided, dilated convolution of it (vectorized across input columns) and the weight gradient its correlation with
    /// the input. FH >= PT + OutH (FW likewise), so output padding past the full output reads zeros.
    /// </summary>
    internal static class ConvTransposeEmitter
    {
        private static string Describe(LayerModel l, ConvTransposeLayer t) =>
            $"transposed convolution {KernelText.Shape(l.InC, l.InH, l.InW)} -> {KernelText.Shape(l.OutC, l.OutH, l.OutW)}, " +
            $"{t.KernelH}x{t.KernelW} kernel, stride {t.StrideH}x{t.StrideW}, pads {t.PadTop}, {t.PadLeft}, {t.PadBottom}, {t.PadRight} " +
            $"(top, left, bottom, right), output padding {t.OutputPaddingH}x{t.OutputPaddingW}, dilation {t.DilationH}x{t.DilationW}" +
            (t.Groups > 1 ? $", {t.Groups} groups" : "") + $", {l.Activation}";

        private static void Constants(SourceWriter w, LayerModel l, ConvTransposeLayer t)
        {
            w.Line($"const int InC = {l.InC}, InH = {l.InH}, InW = {l.InW}, OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW};");
            w.Line($"const int KH = {t.KernelH}, KW = {t.KernelW}, SH = {t.StrideH}, SW = {t.StrideW}, DH = {t.DilationH}, DW = {t.DilationW};");
            w.Line($"const int PT = {t.PadTop}, PL = {t.PadLeft}, FH = {t.BufferH}, FW = {t.BufferW};  // pads cut off the top and left of the full output [OutC][FH][FW]");
            w.Line($"const int CG = InC / {t.Groups}, MG = OutC / {t.Groups};  // input and output maps per group");
        }

        private static void Refs(SourceWriter w, LayerModel l, ConvTransposeLayer t, bool gradients)
        {
            KernelText.ActivationRefs(w, l, gradients);
            KernelText.ParameterRefs(w, l, $"[{l.InC}][{l.OutC / t.Groups}][{t.KernelH}][{t.KernelW}]", $"[{l.OutC}]", gradients);
            w.Line($"ref float full = ref At(_scratch, {l.ScratchAt(ConvTransposeRoom.Full)});  // [OutC][FH][FW]");
        }

        /// <summary>Opens the loops over input map c and map q of its group (output map m).</summary>
        private static void OpenPairs(SourceWriter w)
        {
            w.Open("for (int c = 0; c < InC; c++)");
            w.Open("for (int q = 0; q < MG; q++)");
            w.Line("int m = c / CG * MG + q;");
        }

        public static void EmitForward(SourceWriter w, LayerModel l)
        {
            var t = l.As<ConvTransposeLayer>();
            KernelText.ForwardHeader(w, l, Describe(l, t));
            Constants(w, l, t);
            Refs(w, l, t, gradients: false);
            w.Line("MemoryMarshal.CreateSpan(ref full, OutC * FH * FW).Clear();");
            w.Line("// Scatter: full[m][iy*SH + ky*DH][ix*SW + kx*DW] += weight[c][q][ky][kx] * input[c][iy][ix].");
            OpenPairs(w);
            w.Open("for (int iy = 0; iy < InH; iy++)");
            w.Line("ref float x = ref Unsafe.Add(ref input, (c * InH + iy) * InW);");
            w.Open("for (int ky = 0; ky < KH; ky++)");
            w.Line("ref float row = ref Unsafe.Add(ref full, (m * FH + iy * SH + ky * DH) * FW);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, ((c * MG + q) * KH + ky) * KW);");
            w.Open("for (int kx = 0; kx < KW; kx++)");
            w.Line("float wk = Unsafe.Add(ref k, kx);");
            w.Line("V wv = V.Create(wk);");
            w.Line("int ix = 0;");
            w.Open("for (; ix <= InW - V.Count; ix += V.Count)");
            w.Line("ref float f = ref Unsafe.Add(ref row, ix * SW + kx * DW);");
            w.Line(KernelText.Store("V", $"V.MultiplyAdd(wv, V.Load(ref Unsafe.Add(ref x, ix)), {KernelText.Load("V", "f", t.StrideW)})", "f", t.StrideW));
            w.Close();
            w.Line("for (; ix < InW; ix++)");
            w.Line("    Unsafe.Add(ref row, ix * SW + kx * DW) = MathF.FusedMultiplyAdd(wk, Unsafe.Add(ref x, ix), Unsafe.Add(ref row, ix * SW + kx * DW));");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Line("// Crop: output[m][oy][ox] = bias[m] + full[m][oy + PT][ox + PL].");
            w.Open("for (int m = 0; m < OutC; m++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float from = ref Unsafe.Add(ref full, (m * FH + oy + PT) * FW + PL);");
            KernelText.Columns(w, "OutW", lane =>
            {
                string sum = $"{lane}.Load(ref Unsafe.Add(ref from, ox))";
                if (l.BiasCount > 0) sum = $"{lane}.Create(Unsafe.Add(ref bias, m)) + {sum}";
                w.Line($"{lane}.Store({sum}, ref Unsafe.Add(ref output, (m * OutH + oy) * OutW + ox));");
            });
            w.Close();
            w.Close();
            KernelText.ActivateInPlace(w, l);
            w.Close();
            w.Line();
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            var t = l.As<ConvTransposeLayer>();
            KernelText.BackwardHeader(w, l, Describe(l, t));
            Constants(w, l, t);
            Refs(w, l, t, gradients: true);
            KernelText.UndoActivation(w, l);
            ConvEmitter.BiasGradient(w, l);
            w.Line("// dE/dfull: dE/du at the output's place, zero where the pads cut the full output.");
            w.Line("MemoryMarshal.CreateSpan(ref full, OutC * FH * FW).Clear();");
            w.Open("for (int m = 0; m < OutC; m++)");
            w.Line("for (int oy = 0; oy < OutH; oy++)");
            w.Line("    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref delta, (m * OutH + oy) * OutW), OutW)");
            w.Line("        .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref full, (m * FH + oy + PT) * FW + PL), OutW));");
            w.Close();

            w.Line("// Weight gradient: dE/dw[c][q][ky][kx] += sum over iy, ix of input[c][iy][ix] * full[m][iy*SH + ky*DH][ix*SW + kx*DW].");
            OpenPairs(w);
            w.Open("for (int ky = 0; ky < KH; ky++)");
            w.Open("for (int kx = 0; kx < KW; kx++)");
            w.Line("V acc = V.Zero;");
            w.Line("float tail = 0f;");
            w.Open("for (int iy = 0; iy < InH; iy++)");
            w.Line("ref float x = ref Unsafe.Add(ref input, (c * InH + iy) * InW);");
            w.Line("ref float d = ref Unsafe.Add(ref full, (m * FH + iy * SH + ky * DH) * FW + kx * DW);");
            w.Line("int ix = 0;");
            w.Line("for (; ix <= InW - V.Count; ix += V.Count)");
            w.Line($"    acc = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref x, ix)), {KernelText.Load("V", "Unsafe.Add(ref d, ix * SW)", t.StrideW)}, acc);");
            w.Line("for (; ix < InW; ix++)");
            w.Line("    tail = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, ix), Unsafe.Add(ref d, ix * SW), tail);");
            w.Close();
            w.Line("Unsafe.Add(ref weightGradient, ((c * MG + q) * KH + ky) * KW + kx) += V.Sum(acc) + tail;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();

            w.Line("if (!propagate) return;");
            w.Line("// Input gradient, an ordinary convolution of dE/dfull: inputGradient[c][iy][ix] = sum over q, ky, kx of");
            w.Line("// weight[c][q][ky][kx] * full[m][iy*SH + ky*DH][ix*SW + kx*DW].");
            w.Open("for (int c = 0; c < InC; c++)");
            w.Open("for (int iy = 0; iy < InH; iy++)");
            w.Line("ref float g = ref Unsafe.Add(ref inputGradient, (c * InH + iy) * InW);");
            w.Line("int ix = 0;");
            w.Open("for (; ix <= InW - V.Count; ix += V.Count)");
            InputGradientSum(w, t, "V");
            w.Close();
            w.Open("for (; ix < InW; ix++)");
            InputGradientSum(w, t, "Scalar");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }

        private static void InputGradientSum(SourceWriter w, ConvTransposeLayer t, string lane)
        {
            w.Line($"{lane} sum = {lane}.Zero;");
            w.Open("for (int q = 0; q < MG; q++)");
            w.Line("int m = c / CG * MG + q;");
            w.Open("for (int ky = 0; ky < KH; ky++)");
            w.Line("ref float d = ref Unsafe.Add(ref full, (m * FH + iy * SH + ky * DH) * FW + ix * SW);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, ((c * MG + q) * KH + ky) * KW);");
            w.Line("for (int kx = 0; kx < KW; kx++)");
            w.Line($"    sum = {lane}.MultiplyAdd({lane}.Create(Unsafe.Add(ref k, kx)), {KernelText.Load(lane, "Unsafe.Add(ref d, kx * DW)", t.StrideW)}, sum);");
            w.Close();
            w.Close();
            w.Line($"{lane}.Store(sum, ref Unsafe.Add(ref g, ix));");
        }
    }
}
