using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Runtime.Tests;

public class TrainerTests
{
    /// <summary>2x2 images of 3 classes: class c lights pixel c, plus noise. Linearly separable.</summary>
    static Dataset Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * 4];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)random.Next(3);
            for (int p = 0; p < 4; p++)
                images[i * 4 + p] = (float)(random.NextDouble() * 0.3);
            images[i * 4 + labels[i]] += 0.7f;
        }
        return new Dataset("synthetic", images, labels, 2, 2, classes: 3);
    }

    static (Trainer Trainer, DataLoader Train, DataLoader Test, FakeLinearNetwork Net) Setup(ILoss loss, float weightDecay = 0)
    {
        var net = new FakeLinearNetwork();
        net.InitializeParameters(11);
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(0.5f), Momentum = 0.5f, WeightDecay = weightDecay });
        var train = new DataLoader(Synthetic(300, 1), new DataLoaderOptions { BatchSize = 10, Seed = 2, PadTo = 0, Normalization = Normalization.FromLevels(0, 1) });
        var test = new DataLoader(Synthetic(90, 2), new DataLoaderOptions { Shuffle = false, PadTo = 0, Normalization = Normalization.FromLevels(0, 1) });
        return (new Trainer(net, loss, sgd), train, test, net);
    }

    public static TheoryData<string> Losses => new() { "softmax", "squared" };

    [Theory]
    [MemberData(nameof(Losses))]
    public void ShortTrainingLowersTheLoss(string name)
    {
        ILoss loss = name == "softmax" ? new SoftmaxCrossEntropyLoss() : new SquaredErrorLoss(1f, 0f);
        var (trainer, train, test, net) = Setup(loss);
        double initialLoss = trainer.Evaluate(test).MeanLoss;
        var seen = new List<EpochStats>();
        trainer.EpochCompleted += seen.Add;
        var stats = trainer.Fit(train, test, epochs: 5);
        Assert.Equal(5, seen.Count);
        Assert.Equal(stats, trainer.History);
        Assert.True(stats[^1].TrainLoss < stats[0].TrainLoss, $"train loss {stats[0].TrainLoss} -> {stats[^1].TrainLoss}");
        Assert.True(stats[^1].TestLoss < initialLoss * 0.7, $"test loss {initialLoss} -> {stats[^1].TestLoss}");
        Assert.True(stats[^1].TestErrorRate < 0.1, $"test error {stats[^1].TestErrorRate}");
    }

    [Fact]
    public void FixedParametersSurviveTraining()
    {
        // Weight decay would pull every trained parameter, so only the mask keeps the fixed ones where they are.
        var (trainer, train, _, net) = Setup(new SoftmaxCrossEntropyLoss(), weightDecay: 0.1f);
        var fixedBefore = net.Parameters[15..].ToArray();
        trainer.Fit(train, null, epochs: 1);
        Assert.Equal(fixedBefore, net.Parameters[15..].ToArray());
    }

    [Fact]
    public void TrainBatchUsesTheMeanGradient()
    {
        // One batch of two samples with lr 1: the bias moves by minus the mean of the two output gradients.
        var net = new FakeLinearNetwork();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(1f) });
        var data = new Dataset("two", [1, 0, 0, 0, 0, 1, 0, 0], [0, 1], 2, 2, classes: 3);
        var loader = new DataLoader(data, new DataLoaderOptions { Shuffle = false, BatchSize = 2, PadTo = 0, Normalization = Normalization.FromLevels(0, 1) });
        var trainer = new Trainer(net, new SquaredErrorLoss(1f, 0f), sgd);
        net.Gradients.Fill(123f); // stale gradients must be cleared first
        var result = trainer.TrainBatch(loader, loader.Batch(0));
        // Zero weights: outputs are 0, gradients (y - t) are -1 on the label: mean over the batch is -0.5 on classes 0 and 1.
        Assert.Equal([0.5f, 0.5f, 0f], net.Parameters.Slice(12, 3).ToArray());
        Assert.Equal(2, result.Count);
        Assert.Equal(1.0, result.LossSum, 6);
    }

    [Fact]
    public void TrainBatchDoesNotAllocate()
    {
        var (trainer, train, _, _) = Setup(new RbfMapLoss());
        trainer.TrainBatch(train, train.Batch(0));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0; b < train.BatchCount; b++)
            trainer.TrainBatch(train, train.Batch(b));
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void EvaluationCountsConfusionAndMisclassifications()
    {
        var net = new FakeLinearNetwork();
        // Predict the brightest of pixels 0..2 via W = identity on the first three inputs.
        for (int o = 0; o < 3; o++)
            net.Parameters[o * 4 + o] = 1f;
        var data = new Dataset("e", [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0], [0, 1, 2, 2], 2, 2, classes: 3);
        var loader = new DataLoader(data, new DataLoaderOptions { Shuffle = false, PadTo = 0, Normalization = Normalization.FromLevels(0, 1) });
        var sgd = new SgdOptimizer(net);
        var evaluation = new Trainer(net, new SoftmaxCrossEntropyLoss(), sgd).Evaluate(loader);
        Assert.Equal(0.25, evaluation.ErrorRate);
        Assert.Equal(1, evaluation.Confusion[2, 0]);
        Assert.Equal(1, evaluation.Confusion[2, 2]);
        Assert.Equal(3, Enumerable.Range(0, 3).Sum(i => evaluation.Confusion[i, i]));
        Assert.Equal([new Misclassification(3, 2, 0)], evaluation.Misclassified);
        Assert.Contains("true\\pred", evaluation.ConfusionTable());
    }

    [Fact]
    public void ReportsProgressAndResumesFromACheckpoint()
    {
        using var dir = new TempDirectory();
        var (trainer, train, test, net) = Setup(new SoftmaxCrossEntropyLoss());
        var reports = new List<TrainingProgress>();
        trainer.Fit(train, test, epochs: 1, progress: new SyncProgress(reports.Add));
        Assert.NotEmpty(reports);
        Assert.Equal(train.Count, reports[^1].SamplesDone);
        Assert.True(reports[^1].ImagesPerSecond > 0);

        string path = dir.File("ckpt.safetensors");
        SafeTensors.Save(net, path, new Dictionary<string, string> { ["epoch"] = "1" });
        var (resumed, train2, test2, net2) = Setup(new SoftmaxCrossEntropyLoss());
        var metadata = SafeTensors.Load(net2, path);
        int start = int.Parse(metadata["epoch"]);
        Assert.Equal(trainer.Evaluate(test).MeanLoss, resumed.Evaluate(test2).MeanLoss, 6);
        var stats = resumed.Fit(train2, test2, epochs: 1, startEpoch: start);
        Assert.Equal(1, stats[0].Epoch);
    }

    [Fact]
    public void RefusesALoaderOfTheWrongSize()
    {
        var net = new FakeLinearNetwork();
        var loader = new DataLoader(Synthetic(10, 1), new DataLoaderOptions { PadTo = 4 });
        var trainer = new Trainer(net, new SoftmaxCrossEntropyLoss(), new SgdOptimizer(net));
        Assert.Throws<ArgumentException>(() => trainer.Evaluate(loader));
    }

    [Fact]
    public void WritesTrainingCurvesAndMisclassifiedGridAsPng()
    {
        using var dir = new TempDirectory();
        var history = Enumerable.Range(0, 5).Select(e => new EpochStats(e, 0.01f, 1.0 / (e + 1), 0.2 / (e + 1), 0.5, 0.1 / (e + 1), 1, 1000)).ToList();
        string curves = dir.File("out/curves.png");
        TrainingReport.WriteCurves(history, curves, "test run");
        AssertPng(curves, 900, 450);

        var digits = new Dataset("d", Enumerable.Range(0, 3 * 784).Select(i => (i % 28) / 28f).ToArray(), [1, 2, 3], 28, 28);
        string grid = dir.File("out/misclassified.png");
        TrainingReport.WriteMisclassified(digits, [new(0, 1, 7), new(2, 3, 8)], grid);
        AssertPng(grid, 2 * (28 * 3 + 8), 28 * 3 + 18 + 8);
    }

    static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        int w = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        int h = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        Assert.Equal((width, height), (w, h));
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
