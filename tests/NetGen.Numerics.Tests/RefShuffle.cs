namespace NetGen.Numerics.Tests;

/// <summary>
/// PyTorch's channel_shuffle written as its three steps on indices: x.view(G, C/G, H, W) (map j * (C/G) + k is
/// element [j][k]), transpose(0, 1) (element [k][j]), flatten (map k * G + j). Backward scatters dE/dy back through the
/// same index map (the transpose of a permutation), so it shares nothing with the forward's direction.
/// </summary>
public sealed class RefChannelShuffle(int groups) : RefLayer
{
    public override int ParameterCount => 0;

    /// <summary>The input map that output map <paramref name="o"/> holds.</summary>
    private int Source(int o)
    {
        int perGroup = InC / groups;
        int k = o / groups, j = o % groups;   // flattened [C/G][G] after the transpose
        return j * perGroup + k;              // the [G][C/G] view before it
    }

    public override double[] Forward(double[] x, double[] p)
    {
        int area = InH * InW;
        var y = new double[OutLength];
        for (int o = 0; o < OutC; o++)
            for (int i = 0; i < area; i++) y[o * area + i] = x[Source(o) * area + i];
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        int area = InH * InW;
        var dx = new double[InLength];
        for (int o = 0; o < OutC; o++)
            for (int i = 0; i < area; i++) dx[Source(o) * area + i] += dy[o * area + i];
        return dx;
    }
}

/// <summary>x[:, start:start + count] (PyTorch's narrow, one chunk): dE/dx is dE/dy in the range, 0 elsewhere.</summary>
public sealed class RefChannelRange(int start, int count) : RefLayer
{
    public int Count => count;
    public override int ParameterCount => 0;

    public override double[] Forward(double[] x, double[] p)
    {
        int area = InH * InW;
        return x.Skip(start * area).Take(count * area).ToArray();
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        int area = InH * InW;
        var dx = new double[InLength];
        for (int i = 0; i < dy.Length; i++) dx[start * area + i] = dy[i];
        return dx;
    }
}
