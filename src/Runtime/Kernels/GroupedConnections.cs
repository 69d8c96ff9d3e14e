namespace NetGen.Kernels;

/// <summary>
/// A grouped convolution's connection table (PyTorch's <c>groups</c>: output group g reads input group g), computed
/// when a generated network's type initializes instead of written into its source as literals: AlexNet's three
/// grouped layers made 2.8 MB of such literals. The arrays are those the generator's own table (ConnectionTable.Groups
/// and the by-input counting sort) gives, element for element: per output map o, its inputs in weight-block order
/// (blocks o * inPer .. (o + 1) * inPer); per input map i, the (weight block, output map) pairs it feeds, by output map.
/// </summary>
public static class GroupedConnections
{
    /// <summary>Output map o's inputs are <see cref="Inputs"/>[Starts[o] .. Starts[o + 1]).</summary>
    public static int[] Starts(int groups, int inMaps, int outMaps)
    {
        int inPer = inMaps / groups;
        var starts = new int[outMaps + 1];
        for (int o = 0; o <= outMaps; o++) starts[o] = o * inPer;
        return starts;
    }

    /// <summary>The input maps of every output map in turn, each group's in ascending order.</summary>
    public static int[] Inputs(int groups, int inMaps, int outMaps)
    {
        int inPer = inMaps / groups, outPer = outMaps / groups;
        var inputs = new int[outMaps * inPer];
        for (int o = 0; o < outMaps; o++)
            for (int i = 0; i < inPer; i++) inputs[o * inPer + i] = o / outPer * inPer + i;
        return inputs;
    }

    /// <summary>Input map i feeds the pairs [ByInputStarts[i] .. ByInputStarts[i + 1]) of the two arrays below.</summary>
    public static int[] ByInputStarts(int groups, int inMaps, int outMaps)
    {
        int outPer = outMaps / groups;
        var starts = new int[inMaps + 1];
        for (int i = 0; i <= inMaps; i++) starts[i] = i * outPer;
        return starts;
    }

    /// <summary>The weight block (o * inPer + i's place in its group) of each pair, by input map, then output map.</summary>
    public static int[] ByInputBlocks(int groups, int inMaps, int outMaps)
    {
        int inPer = inMaps / groups, outPer = outMaps / groups;
        var blocks = new int[inMaps * outPer];
        for (int i = 0; i < inMaps; i++)
            for (int k = 0; k < outPer; k++) blocks[i * outPer + k] = (i / inPer * outPer + k) * inPer + i % inPer;
        return blocks;
    }

    /// <summary>The output map of each pair, by input map, then output map.</summary>
    public static int[] ByInputOutputs(int groups, int inMaps, int outMaps)
    {
        int inPer = inMaps / groups, outPer = outMaps / groups;
        var outputs = new int[inMaps * outPer];
        for (int i = 0; i < inMaps; i++)
            for (int k = 0; k < outPer; k++) outputs[i * outPer + k] = i / inPer * outPer + k;
        return outputs;
    }

    /// <summary>The table as <see cref="LayerDescription"/> holds it: the input maps of each output map.</summary>
    public static int[][] Rows(int groups, int inMaps, int outMaps)
    {
        int inPer = inMaps / groups, outPer = outMaps / groups;
        var rows = new int[outMaps][];
        for (int o = 0; o < outMaps; o++)
        {
            rows[o] = new int[inPer];
            for (int i = 0; i < inPer; i++) rows[o][i] = o / outPer * inPer + i;
        }
        return rows;
    }
}
