using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Runtime.Tests;

public class ParallelTrainerTests
{
    /// <summary>4x4 images of 5 classes: class c brightens row-ish pixels c..c+3, plus noise.</summary>
    static Dataset Synthetic(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * 16];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)random.Next(5);
            for (int p = 0; p < 16; p++)
                images[i * 16 + p] = (float)random.NextDouble() * 0.5f;
            for (int p = 0; p < 4; p++)
                images[i * 16 + labels[i] * 3 + p] += 0.5f;
        }
        return new Dataset("synthetic", images, labels, 4, 4, classes: 5);
    }

    static DataLoader Loader(Dataset data, int batch, bool shuffle = true) =>
        new(data, new DataLoaderOptions { BatchSize = batch, Seed = 5, Shuffle = shuffle, PadTo = 0, Normalization = Normalization.FromLevels(-0.5f, 1f) });

    static (Trainer Trainer, FakeLinearNetwork Net) Create(int threads, float learningRate = 0.3f)
    {
        var net = new FakeLinearNetwork(inputs: 16, outputs: 5);
        net.InitializeParameters(3);
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(learningRate), Momentum = 0.9f, WeightDecay = 1e-3f });
        var trainer = new Trainer(net, new SoftmaxCrossEntropyLoss(), sgd, threads, () => new FakeLinearNetwork(inputs: 16, outputs: 5));
        return (trainer, net);
    }

    [Theory]
    [InlineData(2, 16)]
    [InlineData(3, 16)]
    [InlineData(4, 3)] // fewer samples than workers: one worker gets an empty slice
    public void ParallelBatchGradientsEqualSerialOnes(int threads, int batch)
    {
        var loader = Loader(Synthetic(64, 1), batch);
        var (serial, serialNet) = Create(1, learningRate: 0);
        var (parallel, parallelNet) = Create(threads, learningRate: 0);
        var a = serial.TrainBatch(loader, loader.Batch(1));
        var b = parallel.TrainBatch(loader, loader.Batch(1));
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(a.Errors, b.Errors);
        Assert.Equal(a.LossSum, b.LossSum, 4);
        // lr 0: the step leaves the summed gradients in the master untouched.
        var expected = serialNet.Gradients.ToArray();
        var actual = parallelNet.Gradients.ToArray();
        Assert.Contains(expected, g => Math.Abs(g) > 0.1f);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"gradient {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void ParallelTrainingFollowsSerialTraining()
    {
        // Over many steps the replicas must see the master's updated parameters, else the two runs drift apart.
        var train = Loader(Synthetic(200, 2), batch: 10);
        var (serial, serialNet) = Create(1);
        var (parallel, parallelNet) = Create(2);
        serial.Fit(train, null, epochs: 3);
        parallel.Fit(train, null, epochs: 3);
        var expected = serialNet.Parameters.ToArray();
        var actual = parallelNet.Parameters.ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"parameter {i}: {expected[i]} vs {actual[i]}");
        Assert.NotEqual(Create(1).Net.Parameters.ToArray(), actual);
    }

    [Fact]
    public void ParallelTrainingIsDeterministic()
    {
        var train = Loader(Synthetic(200, 3), batch: 12);
        float[] Run()
        {
            var (trainer, net) = Create(3);
            trainer.Fit(train, null, epochs: 2);
            return net.Parameters.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void ParallelEvaluationEqualsSerial()
    {
        var test = Loader(Synthetic(101, 4), batch: 1, shuffle: false);
        var (serial, serialNet) = Create(1);
        var (parallel, parallelNet) = Create(3);
        // Different parameters in the master than the replicas start with: evaluation must use the master's.
        serialNet.Parameters[5] = parallelNet.Parameters[5] = 2f;
        var a = serial.Evaluate(test);
        var b = parallel.Evaluate(test);
        Assert.True(a.Errors > 0);
        Assert.Equal(a.Errors, b.Errors);
        Assert.Equal(a.Confusion, b.Confusion);
        Assert.Equal(a.Misclassified, b.Misclassified);
        Assert.Equal(a.MeanLoss, b.MeanLoss, 5);
    }

    [Fact]
    public void RefusesThreadsWithoutAFactoryOrWithAMismatchedReplica()
    {
        var net = new FakeLinearNetwork();
        var sgd = new SgdOptimizer(net);
        Assert.Throws<ArgumentException>(() => new Trainer(net, new SoftmaxCrossEntropyLoss(), sgd, threads: 2));
        Assert.Throws<ArgumentException>(() => new Trainer(net, new SoftmaxCrossEntropyLoss(), sgd, 2, () => new FakeLinearNetwork(architecture: "other")));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(net, new SoftmaxCrossEntropyLoss(), sgd, threads: 0));
    }
}
