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
        var graph = new LayerGraph(network.Layers);
        var p = network.Parameters;
        var state = network.State;
        int folded = 0;
        for (int k = 0; k < graph.Layers.Count; k++)
        {
            var bn = graph.Layers[k];
            if (bn.Type != LayerType.BatchNorm) continue;
            var conv = graph.Layer(graph.Source(k));
            if (conv is null || conv.Type != LayerType.Conv || conv.Activation != Activation.Identity) continue;
            // The convolution's output must feed this batch norm only.
            if (graph.Readers(conv.Name) is not [int only] || only != k) continue;
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
}
