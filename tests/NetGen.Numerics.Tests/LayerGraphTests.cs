using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>The runtime's one answer to "who reads this output?", on ResTiny's shortcuts and blocks.</summary>
public class LayerGraphTests
{
    private static readonly LayerGraph Graph = new(ResTiny.Layers);

    private static string[] ReaderNames(string value) => Graph.Readers(value).Select(i => Graph.Layers[i].Name).ToArray();

    [Fact]
    public void The_first_layer_reads_the_network_input_and_null_means_the_previous_layer()
    {
        Assert.Equal(LayerDescription.NetworkInput, Graph.Source(0));
        Assert.Equal(["conv1"], ReaderNames(LayerDescription.NetworkInput));
        Assert.Equal(["maxpool"], ReaderNames("bn1"));
    }

    [Fact]
    public void A_block_input_is_read_by_its_first_convolution_and_its_shortcut()
    {
        Assert.Equal(["layer1.0.conv1", "layer1.0.add"], ReaderNames("maxpool"));                   // identity shortcut
        Assert.Equal(["layer2.0.conv1", "layer2.0.downsample.0"], ReaderNames("layer1.1.add"));    // projection shortcut
        Assert.Equal(["layer2.0.add"], ReaderNames("layer2.0.downsample.1"));
        int add = ResTiny.Layers.ToList().FindIndex(l => l.Name == "layer2.0.add");
        Assert.Equal("layer2.0.bn2", Graph.Source(add));
        Assert.Equal("layer2.0.downsample.1", Graph.Source2(add));
    }

    [Fact]
    public void Names_that_are_no_layer_resolve_to_no_layer()
    {
        Assert.Null(Graph.Layer(LayerDescription.NetworkInput));
        Assert.Null(Graph.Layer("no such layer"));
        Assert.Empty(Graph.Readers("no such layer"));
        Assert.Equal("fc", Graph.Layer("fc")!.Name);
    }
}
