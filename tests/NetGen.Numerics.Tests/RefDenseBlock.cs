namespace NetGen.Numerics.Tests;

/// <summary>
/// A DenseNet dense block as torchvision computes it: each dense layer (a chain of reference layers) reads torch.cat of
/// the block's input and every earlier layer's output, and its output is appended; the block returns the whole
/// concatenation. Backward walks the layers in reverse: layer L's part of dE/dy goes through its chain, and the chain's
/// dE/dinput is added to the prefix it read. Written from the definition, not from the generator's buffer scheme.
/// </summary>
public sealed class RefDenseBlock(List<List<RefLayer>> layers) : RefLayer
{
    public override int ParameterCount => layers.SelectMany(l => l).Sum(l => l.ParameterCount);

    public override double[] Forward(double[] x, double[] p) =>
        layers.Aggregate(x, (cat, chain) => [.. cat, .. chain.Aggregate(cat, (v, l) => l.Forward(v, p))]);

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var d = dy;
        foreach (var chain in Enumerable.Reverse(layers))
        {
            int prefix = chain[0].InLength;
            var g = Enumerable.Reverse(chain).Aggregate(d[prefix..], (v, l) => l.Backward(v, p, dp));
            d = d[..prefix].Zip(g, (a, b) => a + b).ToArray();
        }
        return d;
    }

    public override double[][] ForwardBatch(double[][] x, double[] p) =>
        layers.Aggregate(x, (cat, chain) =>
        {
            var y = chain.Aggregate(cat, (v, l) => l.ForwardBatch(v, p));
            return cat.Select((c, s) => (double[])[.. c, .. y[s]]).ToArray();
        });

    public override double[][] BackwardBatch(double[][] dy, double[] p, double[] dp)
    {
        var d = dy;
        foreach (var chain in Enumerable.Reverse(layers))
        {
            int prefix = chain[0].InLength;
            var g = Enumerable.Reverse(chain).Aggregate(d.Select(s => s[prefix..]).ToArray(), (v, l) => l.BackwardBatch(v, p, dp));
            d = d.Select((s, k) => s[..prefix].Zip(g[k], (a, b) => a + b).ToArray()).ToArray();
        }
        return d;
    }

    /// <summary>The layers inside the dense layers.</summary>
    public IEnumerable<RefLayer> Inner => layers.SelectMany(l => l);
}
