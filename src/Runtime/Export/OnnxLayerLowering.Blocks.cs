namespace NetGen.Export;

/// <summary>The layers of ResNet- and autoencoder-style networks: batch norm (inference), residual Add, upsampling.</summary>
internal sealed partial class OnnxLayerLowering
{
    /// <summary>
    /// BatchNormalization with the running statistics (inference): (x - running_mean) / sqrt(running_var + epsilon)
    /// x weight + bias per map, then the layer's activation. The statistics become initializers NAME.running_mean and
    /// NAME.running_var (the state tensors' names); a layer without weight or bias gets ones or zeros.
    /// </summary>
    private OnnxValue BatchNorm(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        CheckOutput(layer, layer.InChannels, layer.InHeight, layer.InWidth);
        int c = layer.InChannels;
        if (layer.StateOffset < 0 || (long)layer.StateOffset + 2 * c > state.Length)
            throw Mismatch(layer, $"running mean and variance of {c} maps at state offset {layer.StateOffset}", $"{state.Length} state values");
        if ((layer.WeightCount != 0 && layer.WeightCount != c) || (layer.BiasCount != 0 && layer.BiasCount != c))
            throw Mismatch(layer, $"{c} scales and {c} shifts", $"{layer.WeightCount} and {layer.BiasCount}");
        float[] scale = layer.WeightCount == 0 ? Enumerable.Repeat(1f, c).ToArray() : Slice(layer, layer.WeightOffset, c);
        float[] shift = layer.BiasCount == 0 ? new float[c] : Slice(layer, layer.BiasOffset, c);
        string[] inputs =
        [
            x.Name,
            graph.AddFloats($"{layer.Name}.weight", [c], scale),
            graph.AddFloats($"{layer.Name}.bias", [c], shift),
            graph.AddFloats($"{layer.Name}.running_mean", [c], state.AsSpan(layer.StateOffset, c).ToArray()),
            graph.AddFloats($"{layer.Name}.running_var", [c], state.AsSpan(layer.StateOffset + c, c).ToArray()),
        ];
        string u = graph.Node("BatchNormalization", PreActivationName(layer), inputs, OnnxAttributeProto.Float("epsilon", (float)layer.Epsilon));
        return Activate(layer, new OnnxValue(u, 4));
    }

    /// <summary>A residual join: Add(x, x2), then the activation. Both inputs have the layer's input shape (the wiring checked).</summary>
    private OnnxValue Add(LayerDescription layer, OnnxValue x, OnnxValue x2)
    {
        x = ToSpatial(layer, x);
        x2 = ToSpatial(layer, x2);
        CheckOutput(layer, layer.InChannels, layer.InHeight, layer.InWidth);
        return Activate(layer, new OnnxValue(graph.Node("Add", PreActivationName(layer), [x.Name, x2.Name]), 4));
    }

    /// <summary>
    /// Nearest-neighbour upsampling by f = Kernel: Resize(mode nearest, scales [1,1,f,f], coordinate transformation
    /// "asymmetric", nearest mode "floor"), so output (y, x) copies input (floor(y / f), floor(x / f)) as NetGen does.
    /// Opset 13 takes roi and scales as inputs: an empty roi and the scales as initializers.
    /// </summary>
    private OnnxValue Upsample(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        int f = layer.Kernel;
        CheckOutput(layer, layer.InChannels, layer.InHeight * f, layer.InWidth * f);
        string roi = graph.AddFloats($"{layer.Name}.roi", [0], []);
        string scales = graph.AddFloats($"{layer.Name}.scales", [4], [1f, 1f, f, f]);
        string u = graph.Node("Resize", PreActivationName(layer), [x.Name, roi, scales],
            OnnxAttributeProto.String("mode", "nearest"), OnnxAttributeProto.String("coordinate_transformation_mode", "asymmetric"),
            OnnxAttributeProto.String("nearest_mode", "floor"));
        return Activate(layer, new OnnxValue(u, 4));
    }
}
