namespace NetGen.Export;

/// <summary>ShuffleNetV2's layers: the channel shuffle and the channel slice of its split.</summary>
internal sealed partial class OnnxLayerLowering
{
    /// <summary>
    /// PyTorch's channel_shuffle as torch.onnx exports it: Reshape to [N, G, C/G, H, W], Transpose (0, 2, 1, 3, 4),
    /// Reshape to [N, C, H, W]. A 0 in a Reshape shape copies the input's dimension (the batch stays symbolic).
    /// </summary>
    private OnnxValue ChannelShuffle(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        int c = layer.InChannels, g = layer.Groups, h = layer.InHeight, w = layer.InWidth;
        if (g < 1 || c % g != 0) throw Mismatch(layer, "groups dividing the maps", $"{g} groups of {c} maps");
        CheckOutput(layer, c, h, w);
        string grouped = graph.AddInt64s($"{layer.Name}.grouped_shape", [5], [0, g, c / g, h, w]);
        string flat = graph.AddInt64s($"{layer.Name}.shape", [4], [0, c, h, w]);
        string view = graph.Node("Reshape", $"{layer.Name}.grouped", [x.Name, grouped]);
        string swapped = graph.Node("Transpose", $"{layer.Name}.transposed", [view], OnnxAttributeProto.Ints("perm", 0, 2, 1, 3, 4));
        return Activate(layer, new OnnxValue(graph.Node("Reshape", PreActivationName(layer), [swapped, flat]), 4));
    }

    /// <summary>Maps [Kernel, Kernel + OutChannels) of the input: Slice on axis 1 (opset 13 takes starts, ends, axes as inputs).</summary>
    private OnnxValue ChannelSlice(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        int start = layer.Kernel, end = layer.Kernel + layer.OutChannels;
        if (start < 0 || end > layer.InChannels) throw Mismatch(layer, $"maps inside 0..{layer.InChannels - 1}", $"{start}..{end - 1}");
        CheckOutput(layer, layer.OutChannels, layer.InHeight, layer.InWidth);
        string starts = graph.AddInt64s($"{layer.Name}.starts", [1], [start]);
        string ends = graph.AddInt64s($"{layer.Name}.ends", [1], [end]);
        string axes = graph.AddInt64s($"{layer.Name}.axes", [1], [1]);
        return Activate(layer, new OnnxValue(graph.Node("Slice", PreActivationName(layer), [x.Name, starts, ends, axes]), 4));
    }
}
