using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Samples.LeNet5;
using NetGen.Tests.Networks;
using NetGen.Training;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The Trainer through its one batch engine: training mode reaches the network (dropout drops, batch norm trains on
/// batch statistics and moves its running ones), and results do not depend on the thread count.
/// </summary>
public class TrainerModeTests
{
    /// <summary>Random images with random labels, padded by the loader to <paramref name="padTo"/>.</summary>
    private static DataLoader Loader(int count, int size, int padTo, int batch)
    {
        var random = new Random(5);
        var images = Enumerable.Range(0, count * size * size).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, count).Select(_ => (byte)random.Next(10)).ToArray();
        return new DataLoader(new Dataset("random", images, labels, size, size), new DataLoaderOptions { BatchSize = batch, PadTo = padTo, Seed = 1 });
    }

    private static SgdOptimizer Sgd(INetwork net, float rate) =>
        new(net, new SgdOptions { Schedule = new ConstantSchedule(rate), Momentum = 0.9f, WeightDecay = 1e-3f });

    /// <summary>The parameters after one epoch through the Trainer on <paramref name="threads"/> workers.</summary>
    private static float[] Trained(Func<int, INetwork> create, ILoss loss, float rate, DataLoader loader, int threads)
    {
        var net = create(1);
        using var trainer = new Trainer(net, loss, Sgd(net, rate), threads, () => create(7));
        loader.StartEpoch(0);
        for (int b = 0; b < loader.BatchCount; b++) trainer.TrainBatch(loader, loader.Batch(b));
        return net.Parameters.ToArray();
    }

    [Fact]
    public void One_two_and_three_threads_give_identical_parameters()
    {
        // 20 samples per batch: two whole chunks and a partial one, shared unevenly by 2 and 3 workers.
        var loader = Loader(60, 28, 32, batch: 20);
        float[] Train(int threads) => Trained(seed => new LeNet5(seed), new RbfMapLoss(), 0.01f, loader, threads);
        var one = Train(1);
        Assert.NotEqual(new LeNet5(seed: 1).Parameters.ToArray(), one);
        Assert.Equal(one, Train(2));
        Assert.Equal(one, Train(3));
    }

    [Fact]
    public void Dropout_masks_do_not_depend_on_the_thread_count()
    {
        var loader = Loader(40, 10, 12, batch: 20);
        float[] Train(int threads) => Trained(seed => new DigitsDrop(seed), new SoftmaxCrossEntropyLoss(), 0.05f, loader, threads);
        var one = Train(1);
        Assert.Equal(one, Train(2));
        Assert.Equal(one, Train(3));
    }

    [Fact]
    public void Dropout_drops_while_the_trainer_trains_and_not_while_it_evaluates()
    {
        var loader = Loader(16, 10, 12, batch: 16);
        INetwork net = new DigitsDrop(seed: 1);
        using var trainer = new Trainer(net, new SoftmaxCrossEntropyLoss(), Sgd(net, 0f));   // rate 0: the parameters stay
        loader.StartEpoch(0);
        trainer.TrainBatch(loader, loader.Batch(0));
        var first = net.Gradients.ToArray();
        trainer.TrainBatch(loader, loader.Batch(0));
        var second = net.Gradients.ToArray();
        Assert.NotEqual(first, second);   // new masks each step: the same batch gives another gradient

        // Without dropout (inference mode) the same batch gives one gradient, different from both.
        var input = new float[net.InputLength];
        var output = new float[net.OutputLength];
        var dy = new float[net.OutputLength];
        var loss = new SoftmaxCrossEntropyLoss();
        net.Gradients.Clear();
        foreach (int i in loader.Batch(0))
        {
            loader.WriteSample(i, input);
            net.Forward(input, output);
            loss.Compute(output, loader.Label(i), dy);
            net.Backward(dy);
        }
        Assert.NotEqual(first, net.Gradients.ToArray());
        Assert.False(net.Training);

        // Evaluation infers: twice the same result.
        Assert.Equal(trainer.Evaluate(loader).MeanLoss, trainer.Evaluate(loader).MeanLoss);
    }

    [Fact]
    public void Batch_norm_trains_on_batch_statistics_through_the_trainer()
    {
        const int Batch = 6;
        var loader = Loader(Batch, 10, 12, batch: Batch);
        INetwork net = new DigitsBn(seed: 1);
        TestNetworks.Randomize(net, seed: 2);
        using var trainer = new Trainer(net, new SoftmaxCrossEntropyLoss(), Sgd(net, 0f), threads: 1, () => new DigitsBn(seed: 9));
        loader.StartEpoch(0);
        var indices = loader.Batch(0).ToArray();
        var x = indices.Select(i => { var v = new float[net.InputLength]; loader.WriteSample(i, v); return TestNetworks.ToDouble(v); }).ToArray();
        var labels = indices.Select(loader.Label).ToArray();

        var reference = new RefNetwork(1, 12, 12)
            .Conv(4, 3, Activation.Identity, bias: false).BatchNorm(Activation.ReLU, momentum: 0.25).MaxPool(2).Dense(10, Activation.Identity)
            .WithState(net).WithBatchStatistics();
        var p = TestNetworks.ToDouble(net.Parameters);
        var logits = reference.ForwardBatch(x, p);
        var dLogits = logits.Select((y, s) =>
        {
            double max = y.Max(), sum = y.Sum(v => Math.Exp(v - max));
            return y.Select((v, k) => Math.Exp(v - max) / sum - (k == labels[s] ? 1 : 0)).ToArray();
        }).ToArray();
        var dp = new double[p.Length];
        reference.BackwardBatch(dLogits, p, dp);
        reference.MoveRunningStatistics(Batch);

        trainer.TrainBatch(loader, indices);
        Close.PerTensor(net, dp, net.Gradients, 2e-4, "DigitsBn through the Trainer dE/d");
        foreach (var t in net.StateTensors)
            for (int i = t.Offset; i < t.Offset + t.Length; i++)
                Assert.True(Math.Abs(reference.State[i] - net.State[i]) <= 1e-5 * (1 + Math.Abs(reference.State[i])), $"{t.Name}[{i - t.Offset}]");
    }

    [Fact]
    public void A_batch_norm_network_needs_replicas_even_on_one_thread()
    {
        var net = new DigitsBn();
        var error = Assert.Throws<ArgumentException>(() => new Trainer(net, new SoftmaxCrossEntropyLoss(), new SgdOptimizer(net)));
        Assert.Contains("batch norm", error.Message);
    }
}
