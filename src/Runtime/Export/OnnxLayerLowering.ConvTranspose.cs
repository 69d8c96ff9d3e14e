namespace NetGen.Export;

internal sealed partial class OnnxLayerLowering
{
    /// <summary>
    /// ONNX's ConvTranspose (opset 13) with the stored weight [in][out/groups][kH][kW] (ONNX's and PyTorch's layout) and
    /// the window of <see cref="LayerDescription.Window"/>: kernel_shape, strides, dilations, group, pads top and left as
    /// given, and an end pad below zero (the output padding beyond the pad) as that much output_padding with a zero pad.
    /// </summary>
    private OnnxValue ConvTranspose(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        var window = layer.Window ?? throw Mismatch(layer, "a transposed convolution's window", "none");
        int groups = Math.Max(1, layer.Groups), inC = layer.InChannels, outC = layer.OutChannels;
        if (inC % groups != 0 || outC % groups != 0) throw Mismatch(layer, $"{groups} groups dividing the maps", $"{inC} and {outC} maps");
        // Output per axis: (in - 1)*s + d*(k - 1) + 1 - begin - end, the end pad already net of the output padding.
        int oh = (layer.InHeight - 1) * window.StrideH + window.DilationH * (window.KernelH - 1) + 1 - window.PadTop - window.PadBottom;
        int ow = (layer.InWidth - 1) * window.StrideW + window.DilationW * (window.KernelW - 1) + 1 - window.PadLeft - window.PadRight;
        CheckOutput(layer, outC, oh, ow);
        int count = inC * (outC / groups) * window.KernelH * window.KernelW;
        if (layer.WeightCount != count) throw Mismatch(layer, $"{count} weights", $"{layer.WeightCount}");
        string w = graph.AddFloats($"{layer.Name}.weight", [inC, outC / groups, window.KernelH, window.KernelW], Slice(layer, layer.WeightOffset, layer.WeightCount));
        string[] inputs = layer.BiasCount == 0
            ? [x.Name, w]
            : [x.Name, w, graph.AddFloats($"{layer.Name}.bias", [outC], Slice(layer, layer.BiasOffset, layer.BiasCount))];
        OnnxAttributeProto[] attributes =
        [
            OnnxAttributeProto.Ints("kernel_shape", window.KernelH, window.KernelW), OnnxAttributeProto.Ints("strides", window.StrideH, window.StrideW),
            OnnxAttributeProto.Ints("pads", window.PadTop, window.PadLeft, Math.Max(0, window.PadBottom), Math.Max(0, window.PadRight)),
            OnnxAttributeProto.Ints("dilations", window.DilationH, window.DilationW), OnnxAttributeProto.Int("group", groups),
            OnnxAttributeProto.Ints("output_padding", Math.Max(0, -window.PadBottom), Math.Max(0, -window.PadRight)),
        ];
        string u = graph.Node("ConvTranspose", PreActivationName(layer), inputs, attributes);
        return Activate(layer, new OnnxValue(u, 4));
    }
}
