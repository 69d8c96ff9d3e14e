using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;
using SkiaSharp;

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
    public void TrainingCurvesDrawEverySeriesFallingAcrossThePlot()
    {
        using var dir = new TempDirectory();
        // All three fall over the five epochs, each in its own shape so no curve hides another: train loss 1 .. 0.2 as
        // 1/epoch, train error 30 .. 10 % in a line, test error 20 .. 12 % in a flatter line.
        var history = Enumerable.Range(0, 5).Select(e => new EpochStats(e, 0.01f, 1.0 / (e + 1), 0.3 - 0.05 * e, 0.5, 0.2 - 0.02 * e, 1, 1000)).ToList();
        string path = dir.File("out/curves.png");
        TrainingReport.WriteCurves(history, path, "test run");
        var picture = new PngPicture(path);
        Assert.Equal((900, 450), (picture.Width, picture.Height));
        // ScottPlot's default palette (Category10) colours the series in the order they are added.
        string[] names = ["train loss", "train error", "test error"];
        SKColor[] colors = [SKColor.Parse("1f77b4"), SKColor.Parse("ff7f0e"), SKColor.Parse("2ca02c")];
        for (int s = 0; s < colors.Length; s++)
        {
            // The left part (epochs 1-2) and the middle (about epoch 3), clear of the legend in the upper right.
            var left = picture.Where(0, 0, 300, 450, PngPicture.Near(colors[s], 24));
            var middle = picture.Where(380, 0, 560, 450, PngPicture.Near(colors[s], 24));
            Assert.True(left.Count >= 20 && middle.Count >= 20, $"{names[s]}: {left.Count} pixels on the left, {middle.Count} in the middle");
            // Falling values are drawn lower (larger y) further right.
            Assert.True(left.Average(p => p.Y) < middle.Average(p => p.Y), $"{names[s]} does not fall");
        }
        // The title, in dark text, above the plot.
        Assert.NotEmpty(picture.Where(300, 0, 600, 40, c => c.Red < 100 && c.Green < 100 && c.Blue < 100));
    }

    [Fact]
    public void MisclassifiedGridShowsEachImageAboveItsLabelAndNothingElse()
    {
        using var dir = new TempDirectory();
        const int count = 12, scale = 3, cellW = 28 * scale + 8, cellH = 28 * scale + 18 + 8;
        // Diagonal ramps shifted per image, so a tile showing another image, a transposed or a flipped one differs.
        var images = new float[count * 784];
        for (int i = 0; i < count; i++)
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                    images[i * 784 + y * 28 + x] = (x + 3 * y + 5 * i) % 28 / 27f;
        var digits = new Dataset("d", images, Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray(), 28, 28);
        var wrong = Enumerable.Range(0, count).Select(k => new Misclassification(5 * k % count, k % 10, (k + 3) % 10)).ToArray();
        string path = dir.File("out/misclassified.png");
        TrainingReport.WriteMisclassified(digits, wrong, path, columns: 10, scale: scale);
        var picture = new PngPicture(path);
        Assert.Equal((10 * cellW, 2 * cellH), (picture.Width, picture.Height));
        for (int cell = 0; cell < 20; cell++)
        {
            int left = cell % 10 * cellW, top = cell / 10 * cellH;
            if (cell >= count)
            {
                Assert.Empty(picture.Where(left, top, left + cellW, top + cellH, c => c != SKColors.White));
                continue;
            }
            // Image pixel (x, y) is a scale x scale square at (left + 4 + scale x, top + 4 + scale y), grey 255 (1 - v).
            var image = digits.Image(wrong[cell].Index);
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                {
                    var c = picture[left + 4 + scale * x + 1, top + 4 + scale * y + 1];
                    int expected = (int)(255 * (1 - image[y * 28 + x]));
                    Assert.True(Math.Abs(c.Red - expected) <= 1 && c.Red == c.Green && c.Green == c.Blue, $"cell {cell}, pixel ({x}, {y}): {c}, expected grey {expected}");
                }
            // Its true->predicted label, in red, below the image.
            Assert.NotEmpty(picture.Where(left, top + 4 + 28 * scale, left + cellW, top + cellH, c => c.Red > 150 && c.Green < 100 && c.Blue < 100));
        }
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
