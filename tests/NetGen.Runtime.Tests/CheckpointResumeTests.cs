using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Runtime.Tests;

/// <summary>
/// Exact resumption: N steps uninterrupted give the same bits as k steps, a checkpoint with the optimizer (SGD's
/// momentum, Adam's moments and step count), fresh network and optimizer objects loaded from it, and N - k more steps.
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

    /// <param name="kind">sgd, adam, adamw, or adamw+clip (AdamW with the gradient clipped to a norm most batches exceed).</param>
    static Trainer Fresh(bool dropout, string kind = "sgd")
    {
        INetwork net = dropout ? new FakeDropoutNetwork() : new FakeLinearNetwork();
        net.InitializeParameters(17);
        // A rate per epoch, so a resumed run that forgot its epoch would step with the wrong one.
        var schedule = new PerEpochSchedule(0.2f, 0.1f, 0.05f);
        IOptimizer optimizer = kind switch
        {
            "sgd" => new SgdOptimizer(net, new SgdOptions { Schedule = schedule, Momentum = 0.9f, WeightDecay = 0.01f }),
            "adam" => new AdamOptimizer(net, new AdamOptions { Schedule = schedule, WeightDecay = 0.01, AmsGrad = true }),
            _ => new AdamWOptimizer(net, new AdamWOptions { Schedule = schedule }),
        };
        return new Trainer(net, new SoftmaxCrossEntropyLoss(), optimizer) { MaxGradientNorm = kind == "adamw+clip" ? 0.3f : null };
    }

    /// <summary>Steps on from the optimizer's step count, as the trainer does: the schedule moves at each epoch's first batch.</summary>
    static void TrainUntil(Trainer trainer, DataLoader loader, int steps)
    {
        var optimizer = trainer.Optimizer;
        while (optimizer.Steps < steps)
        {
            int epoch = (int)(optimizer.Steps / BatchesPerEpoch), batch = (int)(optimizer.Steps % BatchesPerEpoch);
            if (batch == 0)
                optimizer.SetEpoch(epoch);
            if (loader.Epoch != epoch)
                loader.StartEpoch(epoch);
            trainer.TrainBatch(loader, loader.Batch(batch));
        }
    }

    static float[][] Buffers(IOptimizerState optimizer) => Enumerable.Range(0, optimizer.BufferNames.Count).Select(k => optimizer.Buffer(k).ToArray()).ToArray();

    static (float[] Parameters, float[][] Buffers, uint Dropout) Resumed(bool dropout, string kind, int split, bool withOptimizer)
    {
        using var dir = new TempDirectory();
        string path = dir.File("resume.safetensors");
        using (var first = Fresh(dropout, kind))
        {
            TrainUntil(first, Loader(), split);
            SafeTensors.Save(first.Network, path, optimizer: withOptimizer ? first.Optimizer : null);
        }
        using var second = Fresh(dropout, kind);
        var loaded = SafeTensors.Load(second.Network, path, second.Optimizer);
        Assert.Equal(withOptimizer, loaded.OptimizerRestored);
        if (!withOptimizer)   // a network-only checkpoint: the trainer's loop picks up where the file says
            second.Optimizer.Steps = split;
        TrainUntil(second, Loader(), TotalSteps);
        return (second.Network.Parameters.ToArray(), Buffers(second.Optimizer), second.Network.DropoutState);
    }

    public static TheoryData<bool, string, int> Splits => new()
    {
        { false, "sgd", 13 }, { false, "sgd", 2 * BatchesPerEpoch }, { true, "sgd", 13 }, { true, "sgd", 2 * BatchesPerEpoch }, { true, "sgd", 1 },
        { false, "adam", 13 }, { true, "adam", 2 * BatchesPerEpoch }, { false, "adamw", 1 }, { true, "adamw", 13 },
        { false, "adamw+clip", 13 }, { true, "adamw+clip", 2 * BatchesPerEpoch },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void ResumingFromACheckpointGivesTheUninterruptedBits(bool dropout, string kind, int split)
    {
        using var straight = Fresh(dropout, kind);
        TrainUntil(straight, Loader(), TotalSteps);
        var (parameters, buffers, dropoutState) = Resumed(dropout, kind, split, withOptimizer: true);
        Assert.Equal(straight.Network.Parameters.ToArray(), parameters);
        Assert.Equal(Buffers(straight.Optimizer), buffers);
        Assert.Equal(straight.Network.DropoutState, dropoutState);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw+clip")]
    public void WithoutTheOptimizerStateTheRunDiverges(string kind)
    {
        // The control for the test above: moments restarted from zero change the result, so equality there means something.
        using var straight = Fresh(dropout: false, kind);
        TrainUntil(straight, Loader(), TotalSteps);
        var (parameters, _, _) = Resumed(dropout: false, kind, 13, withOptimizer: false);
        Assert.NotEqual(straight.Network.Parameters.ToArray(), parameters);
    }

    [Fact]
    public void ClippingActsInTheResumedRuns()
    {
        using var clipped = Fresh(dropout: false, "adamw+clip");
        using var free = Fresh(dropout: false, "adamw");
        TrainUntil(clipped, Loader(), TotalSteps);
        TrainUntil(free, Loader(), TotalSteps);
        Assert.NotEqual(free.Network.Parameters.ToArray(), clipped.Network.Parameters.ToArray());
    }
}
