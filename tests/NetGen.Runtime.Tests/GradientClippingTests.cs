using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Runtime.Tests;

/// <summary>Clipping by global norm (clip_grad_norm_): the norm, when it scales, and the trainer's use of it on any thread count.</summary>
public class GradientClippingTests
{
    static FakeLinearNetwork WithGradients(params float[] trainable)
    {
        var net = new FakeLinearNetwork(inputs: 2, outputs: 1);   // 3 trainable, 2 fixed
        trainable.CopyTo(net.Gradients);
        net.Gradients[3] = net.Gradients[4] = 100f;
        return net;
    }

    [Fact]
    public void TheTotalNormIsTheL2NormOfEveryTrainableGradient() => Assert.Null(ClipReference.FirstMismatch());

    [Fact]
    public void UnderTheMaximumTheScaleIsLeftAlone()
    {
        var clipping = new GradientClipping(WithGradients(3f, 4f, 0f), maxNorm: 5f);   // norm 5 * 0.5 = 2.5
        Assert.Equal(0.5f, clipping.Apply(0.5f));
        Assert.Equal(2.5f, clipping.LastNorm);
    }

    [Fact]
    public void OverTheMaximumTheScaleShrinksToIt()
    {
        var net = WithGradients(3f, -4f, 12f);   // norm 13
        var clipping = new GradientClipping(net, maxNorm: 2.6f);
        Assert.True(float.IsNaN(clipping.LastNorm));
        float scale = clipping.Apply(1f);
        Assert.Equal(13f, clipping.LastNorm);
        Assert.Equal(2.6 / (13 + 1e-6), scale, 1e-7);
        Assert.Equal(2.6, clipping.TotalNorm(scale), 1e-5);
    }

    [Fact]
    public void ANonFiniteNormPropagatesAsInPyTorch()
    {
        Assert.True(float.IsNaN(new GradientClipping(WithGradients(1f, float.NaN, 0f), 1f).Apply(1f)));
        Assert.Equal(0f, new GradientClipping(WithGradients(1f, float.PositiveInfinity, 0f), 1f).Apply(1f));
    }

    [Fact]
    public void RefusesAMaximumThatIsNotPositive()
    {
        var net = WithGradients(1f, 1f, 1f);
        foreach (float max in new[] { 0f, -1f, float.NaN, float.PositiveInfinity })
            Assert.Throws<ArgumentOutOfRangeException>(() => new GradientClipping(net, max));
    }

    static DataLoader Loader()
    {
        var random = new Random(8);
        var images = new float[48 * 4];
        var labels = new byte[48];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = (byte)random.Next(3);
            for (int p = 0; p < 4; p++)
                images[4 * i + p] = (float)random.NextDouble() + (p == labels[i] ? 1f : 0f);
        }
        return new DataLoader(new Dataset("clip", images, labels, 2, 2, classes: 3),
            new DataLoaderOptions { BatchSize = 16, Seed = 2, PadTo = 0, Normalization = Normalization.FromLevels(0, 1) });
    }

    static Trainer Create(int threads, float? maxNorm, float rate = 0.5f, bool adamW = false)
    {
        var net = new FakeLinearNetwork();
        net.InitializeParameters(4);
        IOptimizer optimizer = adamW
            ? new AdamWOptimizer(net, new AdamWOptions { Schedule = new ConstantSchedule(0.01f), AmsGrad = true })
            : new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(rate) });
        return new Trainer(net, new SoftmaxCrossEntropyLoss(), optimizer, threads, () => new FakeLinearNetwork()) { MaxGradientNorm = maxNorm };
    }

    [Fact]
    public void TheTrainerStepsWithTheClippedMeanGradient()
    {
        var loader = Loader();
        loader.StartEpoch(0);
        using var unclipped = Create(1, null);
        using var clipped = Create(1, 0.05f);
        var before = clipped.Network.Parameters.ToArray();
        unclipped.TrainBatch(loader, loader.Batch(0));
        clipped.TrainBatch(loader, loader.Batch(0));
        Assert.True(float.IsNaN(unclipped.LastGradientNorm));
        Assert.True(clipped.LastGradientNorm > 0.05f, $"norm {clipped.LastGradientNorm}: the test needs a batch that clips");
        // Plain SGD: the move is lr times the clipped gradient, whose norm is max_norm (times total / (total + 1e-6)).
        double moved = Math.Sqrt(Enumerable.Range(0, 15).Sum(i => Math.Pow(clipped.Network.Parameters[i] - before[i], 2)));
        Assert.Equal(0.5 * 0.05, moved, 1e-6);
        // The unclipped run moved further by the ratio of the norms.
        double unclippedMove = Math.Sqrt(Enumerable.Range(0, 15).Sum(i => Math.Pow(unclipped.Network.Parameters[i] - before[i], 2)));
        Assert.Equal(0.5 * clipped.LastGradientNorm, unclippedMove, 1e-5);
    }

    [Fact]
    public void AMaximumAboveTheNormChangesNoBit()
    {
        var loader = Loader();
        using var unclipped = Create(1, null);
        using var loose = Create(1, 1e6f);
        unclipped.Fit(loader, null, epochs: 2);
        loose.Fit(loader, null, epochs: 2);
        Assert.True(loose.LastGradientNorm is > 0 and < 1e6f);
        Assert.Equal(unclipped.Network.Parameters.ToArray(), loose.Network.Parameters.ToArray());
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(3, true)]   // AdamW (amsgrad) steps on the primary network only, like SGD
    public void ClippedTrainingIsBitIdenticalOnAnyThreadCount(int threads, bool adamW)
    {
        var loader = Loader();
        using var serial = Create(1, 0.05f, adamW: adamW);
        using var parallel = Create(threads, 0.05f, adamW: adamW);
        serial.Fit(loader, null, epochs: 2);
        parallel.Fit(loader, null, epochs: 2);
        Assert.Equal(serial.LastGradientNorm, parallel.LastGradientNorm);
        Assert.Equal(serial.Network.Parameters.ToArray(), parallel.Network.Parameters.ToArray());
        using var unclipped = Create(threads, null, adamW: adamW);   // the control: clipping did change the run
        unclipped.Fit(loader, null, epochs: 2);
        Assert.NotEqual(unclipped.Network.Parameters.ToArray(), parallel.Network.Parameters.ToArray());
    }
}
