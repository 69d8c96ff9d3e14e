namespace NetGen.Export;

/// <summary>DenseNet's concatenations.</summary>
internal sealed partial class OnnxLayerLowering
{
    /// <summary>
    /// Concat(axis 1) of the input and the second input (torch.cat dim 1): maps [0, InChannels) are the input's, the rest
    /// the second input's. Without a second input the layer is a copy of its input (Identity). The wiring checked the
    /// input's shape; the second input's rank and the output shape are checked here.
    /// </summary>
    private OnnxValue Concat(LayerDescription layer, OnnxValue x, OnnxValue? x2)
    {
        x = ToSpatial(layer, x);
        CheckOutput(layer, layer.OutChannels, layer.InHeight, layer.InWidth);
        if (x2 is not { } second)
        {
            if (layer.OutChannels != layer.InChannels)
                throw Mismatch(layer, $"a second input of {layer.OutChannels - layer.InChannels} maps", "none");
            return new OnnxValue(graph.Node("Identity", layer.Name, [x.Name]), 4);
        }
        if (second.Rank != 4) throw Mismatch(layer, "a second input of maps", $"a rank {second.Rank} value");
        return new OnnxValue(graph.Node("Concat", layer.Name, [x.Name, second.Name], OnnxAttributeProto.Int("axis", 1)), 4);
    }
}
