using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

public class BatchNormFoldingTests
{
    [Theory]
    [InlineData("ResTiny")]
    public void Folding_keeps_the_inference_function(string name)
    {
        var (net, _) = TestNetworks.Create(name);
        TestNetworks.Randomize(net, seed: 5);
        var input = TestNetworks.RandomVector(net.InputLength, seed: 6);
        var before = new float[net.OutputLength];
        net.Forward(input, before);

        int folded = BatchNormFolding.Fold(net);
        var after = new float[net.OutputLength];
        net.Forward(input, after);

        Assert.Equal(net.Layers.Count(l => l.Type == LayerType.BatchNorm), folded);   // every ResTiny batch norm follows a convolution
        Close.Assert(before.Select(v => (double)v).ToArray(), after, 1e-5, "folded output");
        foreach (var bn in net.Layers.Where(l => l.Type == LayerType.BatchNorm))
            Assert.All(net.Parameters.Slice(bn.WeightOffset, bn.WeightCount).ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void A_convolution_with_a_bias_absorbs_the_whole_batch_norm()
    {
        var net = new BnWithBias(seed: 3);
        TestNetworks.Randomize(net, seed: 4);
        var input = TestNetworks.RandomVector(BnWithBias.InputLength, seed: 6);
        var before = new float[BnWithBias.OutputLength];
        net.Forward(input, before);
        Assert.Equal(1, BatchNormFolding.Fold(net));
        var after = new float[BnWithBias.OutputLength];
        net.Forward(input, after);
        Close.Assert(before.Select(v => (double)v).ToArray(), after, 1e-5, "folded output");
        var bn = BnWithBias.Layers.Single(l => l.Type == LayerType.BatchNorm);
        Assert.All(net.Parameters.Slice(bn.BiasOffset, bn.BiasCount).ToArray(), v => Assert.Equal(0f, v));   // nothing left to add
    }
}

[Network(2, 6, 6)]
[Conv(3, 3)]
[BatchNorm(Activation.ReLU)]
[Dense(2)]
public partial class BnWithBias { }

public class StateCheckpointTests
{
    [Fact]
    public void Checkpoints_carry_batch_norm_running_statistics()
    {
        var (net, _) = TestNetworks.Create("ResTiny");
        TestNetworks.Randomize(net, seed: 8);
        string path = Path.Combine(Path.GetTempPath(), $"netgen-state-{Guid.NewGuid():N}.safetensors");
        try
        {
            NetGen.Checkpoints.SafeTensors.Save(net, path);
            var copy = new ResTiny(seed: 99);
            Assert.NotEqual(net.State.ToArray(), copy.State.ToArray());
            NetGen.Checkpoints.SafeTensors.Load(copy, path);
            Assert.Equal(net.Parameters.ToArray(), copy.Parameters.ToArray());
            Assert.Equal(net.State.ToArray(), copy.State.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
