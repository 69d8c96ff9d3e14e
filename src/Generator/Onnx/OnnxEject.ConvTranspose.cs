using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Layers;

namespace NetGen.Generator.Onnx
{
    /// <summary>The eject command's [ConvTranspose(...)] line for an imported ConvTranspose node.</summary>
    internal static class OnnxEjectConvTranspose
    {
        /// <summary>
        /// ConvTranspose(maps, kernel) or (maps, kernelH, kernelW), then stride, dilation and output padding whole or per
        /// axis and the pads whole or by side, as the importer set them; Groups and Bias = false when not the default.
        /// </summary>
        public static string Attribute(ConvTransposeSpec t, string activation, string name)
        {
            var c = CultureInfo.InvariantCulture;
            var args = new List<string> { t.Maps.ToString(c), t.Kernel.ToString(c) };
            if (t.KernelW is { } kw) args.Add(kw.ToString(c));
            string head = string.Join(", ", args) + activation;
            args.Clear();
            if (t.Stride != 1) args.Add($"Stride = {t.Stride}");
            if (t.StrideH != 0) args.Add($"StrideH = {t.StrideH}, StrideW = {t.StrideW}");
            if (t.Pad > 0) args.Add($"Pad = {t.Pad}");
            if (t.PadTop >= 0) args.Add($"PadTop = {t.PadTop}, PadLeft = {t.PadLeft}, PadBottom = {t.PadBottom}, PadRight = {t.PadRight}");
            if (t.OutputPadding != 0) args.Add($"OutputPadding = {t.OutputPadding}");
            if (t.OutputPaddingH >= 0) args.Add($"OutputPaddingH = {t.OutputPaddingH}, OutputPaddingW = {t.OutputPaddingW}");
            if (t.Dilation != 1) args.Add($"Dilation = {t.Dilation}");
            if (t.DilationH != 0) args.Add($"DilationH = {t.DilationH}, DilationW = {t.DilationW}");
            if (t.Groups != 1) args.Add($"Groups = {t.Groups}");
            if (t.NoBias) args.Add("Bias = false");
            args.Add(name);
            return $"[ConvTranspose({head}, {string.Join(", ", args)})]";
        }
    }
}
