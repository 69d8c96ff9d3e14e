namespace NetGen.Optimizers;

/// <summary>The contiguous runs of a network's trainable parameters, read once so the update loops run on plain slices.</summary>
static class TrainableRuns
{
    public static (int Start, int Length)[] Of(INetwork network)
    {
        var runs = new List<(int, int)>();
        for (int i = 0; i < network.ParameterCount;)
        {
            if (!network.IsTrainable(i)) { i++; continue; }
            int start = i;
            while (i < network.ParameterCount && network.IsTrainable(i))
                i++;
            runs.Add((start, i - start));
        }
        return runs.ToArray();
    }
}
