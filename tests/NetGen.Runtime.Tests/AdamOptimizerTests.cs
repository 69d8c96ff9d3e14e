using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

public class AdamOptimizerTests
{
    /// <summary>Parameters 0 (so a move is read off exactly), gradients of either sign and various sizes, none tiny.</summary>
    static FakeLinearNetwork Net()
    {
        var net = new FakeLinearNetwork();
        for (int i = 0; i < net.ParameterCount; i++)
            net.Gradients[i] = (i % 2 == 0 ? 1 : -1) * (0.1f + 0.37f * i);
        return net;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheFirstStepMovesEachParameterByTheRateAgainstItsGradient(bool decoupled)
    {
        // m^ = g and v^ = g^2 after one step, so the move is lr * g / (|g| + eps): lr * sign(g) to within 1e-7 relative.
        var net = Net();
        IOptimizer adam = decoupled ? new AdamWOptimizer(net) : new AdamOptimizer(net);
        Assert.Equal(1e-3f, adam.LearningRate);
        adam.Step();
        for (int i = 0; i < 15; i++)
            Assert.Equal(-1e-3 * Math.Sign(net.Gradients[i]), net.Parameters[i], 1e-9);
        Assert.Equal([0f, 0f], net.Parameters[15..].ToArray());   // untrainable
    }

    [Fact]
    public void AConstantGradientMovesByTheRateEveryStepThanksToTheBiasCorrections()
    {
        // Without the corrections the first step would move by lr * 0.1 / sqrt(0.001) = 3.16 lr.
        var net = Net();
        var adam = new AdamOptimizer(net);
        for (int step = 1; step <= 3; step++)
        {
            adam.Step();
            for (int i = 0; i < 15; i++)
                Assert.Equal(-1e-3 * step * Math.Sign(net.Gradients[i]), net.Parameters[i], 1e-8);
        }
        Assert.Equal(3, adam.Steps);
    }

    [Fact]
    public void WeightDecayIsAGradientTermForAdamAndAShrinkForAdamW()
    {
        var adam = new FakeLinearNetwork();
        var adamW = new FakeLinearNetwork();
        adam.Parameters.Fill(2f);
        adamW.Parameters.Fill(2f);   // gradients stay 0
        new AdamOptimizer(adam, new AdamOptions { WeightDecay = 0.01 }).Step();
        new AdamWOptimizer(adamW).Step();
        // Adam: g = 0.01 * 2, so the first step moves by lr against it. AdamW: 2 * (1 - 1e-3 * 1e-2), and no gradient, no move.
        Assert.Equal(2 - 1e-3, adam.Parameters[0], 3e-7);   // float spacing near 2 is 2.4e-7
        Assert.Equal(2 * (1 - 1e-5), adamW.Parameters[0], 3e-7);
        Assert.NotEqual(2f, adamW.Parameters[0]);
        Assert.Equal(0.01, new AdamWOptions().WeightDecay);
        Assert.Equal(0, new AdamOptions().WeightDecay);
    }

    [Fact]
    public void EveryIndexFollowsPyTorchsFormulasAtThisProcessVectorWidth() =>
        Assert.Null(AdamReference.FirstMismatch());

    [Theory]
    [InlineData("DOTNET_EnableHWIntrinsic", "0")]
    [InlineData("DOTNET_EnableAVX", "0")]
    [InlineData("DOTNET_MaxVectorTBitWidth", "512")]
    public void EveryIndexFollowsPyTorchsFormulasAtEveryVectorWidth(string variable, string value)
    {
        var (exitCode, output) = WidthChild.Run("adam-check", variable, value);
        Assert.True(exitCode == 0, output);
        Assert.Equal($"width {WidthChild.ExpectedWidth(variable)}", output.Trim());
    }

    [Fact]
    public void TheScheduleSetsTheRatePerEpoch()
    {
        var net = Net();
        var adam = new AdamWOptimizer(net, new AdamWOptions { Schedule = new PerEpochSchedule(0.1f, 0.01f), WeightDecay = 0 });
        adam.SetEpoch(1);
        Assert.Equal(0.01f, adam.LearningRate);
        adam.Step();
        Assert.Equal(-0.01 * Math.Sign(net.Gradients[3]), net.Parameters[3], 1e-8);
    }

    [Fact]
    public void ResetForgetsTheMomentsAndTheStepCountButKeepsTheEpoch()
    {
        var net = Net();
        var adam = new AdamOptimizer(net, new AdamOptions { AmsGrad = true });
        adam.SetEpoch(4);
        adam.Step();
        Assert.Equal(["exp_avg", "exp_avg_sq", "max_exp_avg_sq"], adam.BufferNames);
        Assert.Contains(adam.MaxExpAvgSq.ToArray(), x => x > 0);
        adam.Reset();
        Assert.Equal((0L, 4), (adam.Steps, adam.Epoch));
        for (int k = 0; k < 3; k++)
            Assert.All(adam.Buffer(k).ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var net = Net();
        var adam = new AdamWOptimizer(net, new AdamWOptions { AmsGrad = true });
        adam.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            adam.Step(0.1f);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void RefusesHyperParametersPyTorchRefuses()
    {
        var net = Net();
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(net, new AdamOptions { Beta1 = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer(net, new AdamOptions { Beta2 = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamWOptimizer(net, new AdamWOptions { Epsilon = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamWOptimizer(net, new AdamWOptions { WeightDecay = -1 }));
    }

    [Fact]
    public void SecondMomentsCanNeverBeNegative()
    {
        IOptimizerState adam = new AdamOptimizer(Net(), new AdamOptions { AmsGrad = true });
        Assert.Null(adam.FindImpossible(0, [-1f, float.NaN]));   // a first moment can be anything
        Assert.Null(adam.FindImpossible(1, [0f, 2f, float.PositiveInfinity]));
        Assert.Equal(1, adam.FindImpossible(1, [0f, -1e-30f])?.Position);
        Assert.Equal(2, adam.FindImpossible(2, [0f, 1f, float.NaN])?.Position);
        Assert.Null(((IOptimizerState)new SgdOptimizer(Net())).FindImpossible(0, [-1f]));
    }
}
