using NetGen.Samples.LeNet5;

namespace NetGen.Numerics.Tests;

public class SummaryTests
{
    /// <summary>LeCun et al. 1998, section II.B: parameters and connections per layer.</summary>
    [Theory]
    [InlineData("C1", 156, 122_304, "6@28x28")]
    [InlineData("S2", 12, 5_880, "6@14x14")]
    [InlineData("C3", 1_516, 151_600, "16@10x10")]
    [InlineData("S4", 32, 2_000, "16@5x5")]
    [InlineData("C5", 48_120, 48_120, "120@1x1")]
    [InlineData("F6", 10_164, 10_164, "84@1x1")]
    public void LeNet5_summary_matches_the_paper(string layer, long parameters, long connections, string shape)
    {
        var row = LeNet5.Summary[layer];
        Assert.Equal(parameters, row.Parameters);
        Assert.Equal(connections, row.Connections);
        Assert.Equal(shape, row.Shape);
    }

    [Fact]
    public void LeNet5_has_60000_trainable_parameters_and_fixed_rbf_centres()
    {
        Assert.Equal(60_000, LeNet5.Summary.TrainableParameters);
        Assert.Equal(60_840, LeNet5.ParameterCount);
        Assert.False(LeNet5.Summary["Output"].Trainable);
        var net = new LeNet5();
        var centres = LeNet5.ParameterTensors.Single(t => t.Name == "Output.weight");
        Assert.Equal([10, 84], centres.Shape);
        Assert.False(net.IsTrainable(centres.Offset));
        Assert.True(net.IsTrainable(0));
        Assert.All(net.Parameters.Slice(centres.Offset, centres.Length).ToArray(), v => Assert.True(v is 1f or -1f));
    }

    [Fact]
    public void Parameter_tensors_tile_the_flat_parameters_in_declaration_order()
    {
        var net = new LeNet5();
        int offset = 0;
        foreach (var t in LeNet5.ParameterTensors)
        {
            Assert.Equal(offset, t.Offset);
            Assert.Equal(t.Length, t.Shape.Aggregate(1, (a, b) => a * b));
            offset += t.Length;
        }
        Assert.Equal(LeNet5.ParameterCount, offset);
        Assert.Equal(["C1.weight", "C1.bias", "S2.weight", "S2.bias", "C3.weight", "C3.bias", "S4.weight", "S4.bias", "C5.weight", "C5.bias", "F6.weight", "F6.bias", "Output.weight"],
            LeNet5.ParameterTensors.Select(t => t.Name));
        Assert.Equal([60, 5, 5], LeNet5.ParameterTensors[4].Shape);   // C3: only the 60 connected map pairs
        Assert.Equal([120, 16, 5, 5], LeNet5.ParameterTensors[8].Shape);
    }

    [Fact]
    public void Initialization_is_deterministic_per_seed()
    {
        Assert.Equal(new LeNet5(seed: 7).Parameters.ToArray(), new LeNet5(seed: 7).Parameters.ToArray());
        Assert.NotEqual(new LeNet5(seed: 7).Parameters.ToArray(), new LeNet5(seed: 8).Parameters.ToArray());
    }

    [Fact]
    public void Summary_table_renders_every_layer()
    {
        string table = LeNet5.Summary.ToString();
        foreach (var name in new[] { "C1", "S2", "C3", "S4", "C5", "F6", "Output" }) Assert.Contains(name, table);
        Assert.Contains("60,000 trainable parameters", table);
    }

    [Fact]
    public void Wrong_lengths_are_refused_with_a_clear_message()
    {
        var net = new LeNet5();
        var e = Assert.Throws<ArgumentException>(() => net.Forward(new float[10], new float[LeNet5.OutputLength]));
        Assert.Contains("1024", e.Message);
    }

    [Fact]
    public void Layer_descriptions_carry_the_hyper_parameters()
    {
        var layers = LeNet5.Layers;
        Assert.Equal(["C1", "S2", "C3", "S4", "C5", "F6", "Output"], layers.Select(l => l.Name));
        var c3 = layers[2];
        Assert.Equal(LayerType.Conv, c3.Type);
        Assert.Equal((6, 14, 14, 16, 10, 10, 5, 1, 0), (c3.InChannels, c3.InHeight, c3.InWidth, c3.OutChannels, c3.OutHeight, c3.OutWidth, c3.Kernel, c3.Stride, c3.Pad));
        Assert.Equal([0, 1, 2], c3.Inputs![0]);            // table I, column 0
        Assert.Equal([0, 1, 2, 3, 4, 5], c3.Inputs![15]);  // column 15: every input
        Assert.Equal(60, c3.Inputs!.Sum(i => i.Length));
        Assert.Null(layers[0].Inputs);
        Assert.Equal(LeNet5.ParameterTensors.Single(t => t.Name == "C3.weight").Offset, c3.WeightOffset);
        Assert.False(layers[6].Trainable);
        foreach (var (d, s) in layers.Zip(LeNet5.Summary.Layers))
            Assert.Equal(s.Parameters, d.WeightCount + d.BiasCount);
    }
}
