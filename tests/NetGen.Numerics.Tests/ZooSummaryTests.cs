using NetGen.Samples.ModelZoo;

namespace NetGen.Numerics.Tests;

/// <summary>The model zoo's totals against the papers (parameter counts) and the usual multiply-add counts.</summary>
public class ZooSummaryTests
{
    [Fact]
    public void AlexNet_with_two_groups_has_the_papers_parameters()
    {
        Assert.Equal(60_965_224, AlexNet.Summary.TotalParameters);
        Assert.Equal(307_456, AlexNet.Summary["conv2"].Parameters);   // 256 x (48 x 5 x 5) + 256: half the inputs per group
        Assert.Equal("256@6x6", AlexNet.Summary["pool5"].Shape);
    }

    [Theory]
    [InlineData("A", 132_863_336)]
    [InlineData("A-LRN", 132_863_336)]
    [InlineData("B", 133_047_848)]
    [InlineData("C", 133_638_952)]
    [InlineData("D", 138_357_544)]
    [InlineData("E", 143_667_240)]
    public void Vgg_configurations_have_their_parameter_counts(string config, long parameters)
    {
        var summary = config switch
        {
            "A" => VggA.Summary, "A-LRN" => VggALrn.Summary, "B" => VggB.Summary,
            "C" => VggC.Summary, "D" => VggD.Summary, _ => VggE.Summary,
        };
        Assert.Equal(parameters, summary.TotalParameters);
        Assert.Equal("512@7x7", summary["pool5"].Shape);
    }

    [Fact]
    public void Vgg16_multiply_adds_are_the_usual_15_5_billion()
    {
        // Convolutions and dense layers only (max pooling, ReLU and dropout multiply nothing).
        Assert.Equal(15_470_264_320, VggD.Summary.TotalMultiplyAdds);
    }

    [Fact]
    public void Nin_ends_in_ten_averaged_maps()
    {
        Assert.Equal("10@7x7", NinMnist.Summary["cccp6"].Shape);
        Assert.Equal("10@1x1", NinMnist.Summary["gap"].Shape);
        Assert.Equal(10, NinMnist.OutputLength);
    }
}
