using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Runtime.Tests;

/// <summary>
/// Exact resumption: N steps uninterrupted give the same bits as k steps, a checkpoint with the optimizer, fresh
/// network and optimizer objects loaded from it, and N - k more steps.
/// </summary>
public class CheckpointResumeTests
{
    const int BatchesPerEpoch = 8, TotalSteps = 3 * BatchesPerEpoch;

    /// <summary>60 samples of 2x2 images in 3 classes (the brightest of the first three pixels).</summary>
    static DataLoader Loader()
    {
        var random = new Random(5);
        var images = new float[60 * 4];
        var labels = new byte[60];
        for (int i = 0; i < labels.Length; i++)
        {
            for (int p = 0; p < 4; p++)
                images[4 * i + p] = (float)random.NextDouble();
            for (int c = 1; c < 3; c++)
                if (images[4 * i + c] > images[4 * i + labels[i]])
                    labels[i] = (byte)c;
        }
        return new DataLoader(new Dataset("resume", images, labels, 2, 2, classes: 3),
            new DataLoaderOptions { BatchSize = 8, Seed = 3, PadTo = 0, Normalization = Normalization.FromLevels(0, 1) });
    }

    static Trainer Fresh(bool dropout)
    {
        INetwork net = dropout ? new FakeDropoutNetwork() : new FakeLinearNetwork();
        net.InitializeParameters(17);
        // A rate per epoch, so a resumed run that forgot its epoch would step with the wrong one.
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new PerEpochSchedule(0.2f, 0.1f, 0.05f), Momentum = 0.9f, WeightDecay = 0.01f });
        return new Trainer(net, new SoftmaxCrossEntropyLoss(), sgd);
    }

    /// <summary>Steps on from the optimizer's step count, as the trainer does: the schedule moves at each epoch's first batch.</summary>
    static void TrainUntil(Trainer trainer, DataLoader loader, int steps)
    {
        var sgd = trainer.Optimizer;
        while (sgd.Steps < steps)
        {
            int epoch = (int)(sgd.Steps / BatchesPerEpoch), batch = (int)(sgd.Steps % BatchesPerEpoch);
            if (batch == 0)
                sgd.SetEpoch(epoch);
            if (loader.Epoch != epoch)
                loader.StartEpoch(epoch);
            trainer.TrainBatch(loader, loader.Batch(batch));
        }
    }

    static (float[] Parameters, float[] Velocity, uint Dropout) Resumed(bool dropout, int split, bool withOptimizer)
    {
        using var dir = new TempDirectory();
        string path = dir.File("resume.safetensors");
        using (var first = Fresh(dropout))
        {
            TrainUntil(first, Loader(), split);
            SafeTensors.Save(first.Network, path, optimizer: withOptimizer ? first.Optimizer : null);
        }
        using var second = Fresh(dropout);
        var loaded = SafeTensors.Load(second.Network, path, second.Optimizer);
        Assert.Equal(withOptimizer, loaded.OptimizerRestored);
        if (!withOptimizer)   // a network-only checkpoint: the trainer's loop picks up where the file says
            ((IOptimizerState)second.Optimizer).Steps = split;
        TrainUntil(second, Loader(), TotalSteps);
        return (second.Network.Parameters.ToArray(), second.Optimizer.Velocity.ToArray(), second.Network.DropoutState);
    }

    public static TheoryData<bool, int> Splits => new()
    {
        { false, 13 }, { false, 2 * BatchesPerEpoch }, { true, 13 }, { true, 2 * BatchesPerEpoch }, { true, 1 },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void ResumingFromACheckpointGivesTheUninterruptedBits(bool dropout, int split)
    {
        using var straight = Fresh(dropout);
        TrainUntil(straight, Loader(), TotalSteps);
        var (parameters, velocity, dropoutState) = Resumed(dropout, split, withOptimizer: true);
        Assert.Equal(straight.Network.Parameters.ToArray(), parameters);
        Assert.Equal(straight.Optimizer.Velocity.ToArray(), velocity);
        Assert.Equal(straight.Network.DropoutState, dropoutState);
    }

    [Fact]
    public void WithoutTheOptimizerStateTheRunDiverges()
    {
        // The control for the test above: momentum restarted from zero changes the result, so equality there means something.
        using var straight = Fresh(dropout: false);
        TrainUntil(straight, Loader(), TotalSteps);
        var (parameters, _, _) = Resumed(dropout: false, 13, withOptimizer: false);
        Assert.NotEqual(straight.Network.Parameters.ToArray(), parameters);
    }
}
