namespace NetGen.Export;

/// <summary>Learned connections: a convolution whose parameters include NAME.connections, [out][in] logits.</summary>
internal sealed partial class OnnxLayerLowering
{
    /// <summary>The layer's NAME.connections logits ([out][in]), or null when it has none.</summary>
    private float[]? LearnedConnections(LayerDescription layer)
    {
        string name = $"{layer.Name}.connections";
        var tensor = tensors.FirstOrDefault(t => t.Name == name);
        if (tensor is null) return null;
        if (tensor.Shape is not [var outC, var inC] || outC != layer.OutChannels || inC != layer.InChannels || tensor.Length != outC * inC)
            throw Mismatch(layer, $"{name} [{layer.OutChannels},{layer.InChannels}]", $"[{string.Join(",", tensor.Shape)}] ({tensor.Length} values)");
        return Slice(layer, tensor.Offset, tensor.Length);
    }

    /// <summary>
    /// The weight the network convolves with: alpha[o][i] x weight[o][i][k][k] with alpha[o] = softmax over the inputs
    /// of logits[o] (computed in double from the largest logit, then rounded once).
    /// </summary>
    private static float[] EffectiveWeight(LayerDescription layer, float[] stored, float[] logits)
    {
        int outC = layer.OutChannels, inC = layer.InChannels, kk = layer.Kernel * layer.Kernel;
        if (stored.Length != outC * inC * kk) throw Mismatch(layer, $"{outC * inC * kk} weights beside learned connections", $"{stored.Length}");
        var effective = new float[stored.Length];
        var alpha = new double[inC];
        for (int o = 0; o < outC; o++)
        {
            var row = logits.AsSpan(o * inC, inC);
            double max = double.NegativeInfinity, sum = 0;
            foreach (float logit in row) max = Math.Max(max, logit);
            for (int i = 0; i < inC; i++) sum += alpha[i] = Math.Exp(row[i] - max);
            for (int i = 0; i < inC; i++)
                for (int t = 0, at = (o * inC + i) * kk; t < kk; t++)
                    effective[at + t] = (float)(alpha[i] / sum * stored[at + t]);
        }
        return effective;
    }
}
