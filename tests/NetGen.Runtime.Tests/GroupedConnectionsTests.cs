using NetGen.Kernels;

namespace NetGen.Runtime.Tests;

/// <summary>
/// The grouped tables generated networks compute at type initialization, against the table written out the long way:
/// output map o reads its group's input maps in order; the by-input view lists, for each input map, the (weight block,
/// output map) pairs that read it in ascending output order, as the generator's counting sort over the CSR form does.
/// </summary>
public class GroupedConnectionsTests
{
    [Theory]
    [InlineData(1, 3, 5)]
    [InlineData(2, 4, 6)]
    [InlineData(2, 6, 4)]
    [InlineData(3, 9, 3)]
    [InlineData(11, 11, 11)]   // depthwise
    [InlineData(2, 96, 256)]   // AlexNet's conv2
    public void Tables_equal_the_block_diagonal_table(int groups, int inMaps, int outMaps)
    {
        int inPer = inMaps / groups, outPer = outMaps / groups;
        var rows = Enumerable.Range(0, outMaps).Select(o => Enumerable.Range(o / outPer * inPer, inPer).ToArray()).ToArray();
        var starts = new List<int> { 0 };
        var inputs = new List<int>();
        foreach (var row in rows)
        {
            inputs.AddRange(row);
            starts.Add(inputs.Count);
        }
        var byInputStarts = new List<int> { 0 };
        var blocks = new List<int>();
        var outputs = new List<int>();
        for (int i = 0; i < inMaps; i++)
        {
            for (int o = 0; o < outMaps; o++)
                for (int c = starts[o]; c < starts[o + 1]; c++)
                    if (inputs[c] == i)
                    {
                        blocks.Add(c);
                        outputs.Add(o);
                    }
            byInputStarts.Add(blocks.Count);
        }

        Assert.Equal(starts, GroupedConnections.Starts(groups, inMaps, outMaps));
        Assert.Equal(inputs, GroupedConnections.Inputs(groups, inMaps, outMaps));
        Assert.Equal(byInputStarts, GroupedConnections.ByInputStarts(groups, inMaps, outMaps));
        Assert.Equal(blocks, GroupedConnections.ByInputBlocks(groups, inMaps, outMaps));
        Assert.Equal(outputs, GroupedConnections.ByInputOutputs(groups, inMaps, outMaps));
        var computedRows = GroupedConnections.Rows(groups, inMaps, outMaps);
        Assert.Equal(outMaps, computedRows.Length);
        for (int o = 0; o < outMaps; o++) Assert.Equal(rows[o], computedRows[o]);
    }
}
