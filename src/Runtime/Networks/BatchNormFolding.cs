namespace NetGen;

/// <summary>
/// Folds each batch norm into the convolution that feeds it, for inference: with s = weight / sqrt(var + eps), the
/// convolution's kernels of map c are scaled by s[c], and the shift bias - mean * s (plus s times the convolution's own
/// bias) goes into the convolution's bias when it has one, else stays as the batch norm's bias. The batch norm is left
/// as the identity (scale 1, mean 0, variance 1 - eps), or as that one addition; the network computes the same function
/// in inference mode. Batch norms fed by anything but a plain convolution (a residual join, pooling) are left as they are.
/// </summary>
public static class BatchNormFolding
{
    /// <summary>Folds in place; returns how many batch norms were folded.</summary>
    public static int Fold(INetwork network)
    {
        var layers = network.Layers;
        var p = network.Parameters;
        var state = network.State;
        int folded = 0;
        for (int k = 0; k < layers.Count; k++)
        {
            var bn = layers[k];
            if (bn.Type != LayerType.BatchNorm) continue;
            string producer = bn.Input ?? (k > 0 ? layers[k - 1].Name : "");
            var conv = layers.FirstOrDefault(l => l.Name == producer);
            if (conv is null || conv.Type != LayerType.Conv || conv.Activation != Activation.Identity) continue;
            // The convolution's output must feed this batch norm only.
            if (layers.Any(l => l != bn && (l.Input == conv.Name || l.Input2 == conv.Name || (l.Input is null && Previous(layers, l) == conv.Name))))
                continue;
            int maps = bn.OutChannels, perMap = conv.WeightCount / maps;
            for (int c = 0; c < maps; c++)
            {
                float scale = p[bn.WeightOffset + c] / MathF.Sqrt(state[bn.StateOffset + maps + c] + (float)bn.Epsilon);
                float shift = p[bn.BiasOffset + c] - state[bn.StateOffset + c] * scale;
                for (int i = 0; i < perMap; i++) p[conv.WeightOffset + c * perMap + i] *= scale;
                if (conv.BiasCount > 0)
                {
                    p[conv.BiasOffset + c] = p[conv.BiasOffset + c] * scale + shift;
                    shift = 0;
                }
                p[bn.WeightOffset + c] = 1;
                p[bn.BiasOffset + c] = shift;
                state[bn.StateOffset + c] = 0;
                state[bn.StateOffset + maps + c] = 1 - (float)bn.Epsilon;   // so that sqrt(var + eps) = 1
            }
            folded++;
        }
        return folded;
    }

    private static string? Previous(IReadOnlyList<LayerDescription> layers, LayerDescription layer)
    {
        int index = -1;
        for (int i = 0; i < layers.Count; i++) if (ReferenceEquals(layers[i], layer)) index = i;
        return index > 0 ? layers[index - 1].Name : null;
    }
}
