using Xunit.Abstractions;
using NetGen.Samples.Autoencoder;

namespace NetGen.Autoencoder.Tests;

/// <summary>The sample's network and trainer, on synthetic images: training lowers the reconstruction error.</summary>
public class TrainingTests(ITestOutputHelper log)
{
    static ReconstructionTrainer Trainer(int threads) => new(new ConvAutoencoder(seed: 1), () => new ConvAutoencoder(),
        new TrainerSettings { BatchSize = 16, Seed = 1, Threads = threads });

    [Fact]
    public void Training_lowers_the_reconstruction_mse_below_any_input_blind_image()
    {
        var train = SyntheticShapes.Create(400, seed: 1);
        var test = SyntheticShapes.Create(100, seed: 2);
        using var trainer = Trainer(threads: 2);
        double before = trainer.Evaluate(test);
        var history = new List<double>();
        for (int epoch = 0; epoch < 8; epoch++)
        {
            trainer.TrainEpoch(train, epoch);
            history.Add(trainer.Evaluate(test));
        }
        double after = history[^1];
        // Below a quarter of the untrained error, and below what the best constant picture (the mean image) scores:
        // the network reproduces each input, not the average.
        Assert.True(after < before / 4, $"test MSE {before:F5} -> {string.Join(", ", history.Select(h => h.ToString("F5")))}");
        double blind = SyntheticShapes.MeanImageMse(test);
        log.WriteLine($"test MSE untrained {before:F5}, per epoch {string.Join(", ", history.Select(h => h.ToString("F5")))}; mean image {blind:F5}");
        Assert.True(after < blind / 2, $"test MSE {after:F5}, mean image {blind:F5}");
    }

    [Fact]
    public void An_epoch_is_deterministic_for_a_seed_and_thread_count()
    {
        var train = SyntheticShapes.Create(64, seed: 3);
        using var first = Trainer(threads: 2);
        using var second = Trainer(threads: 2);
        Assert.Equal(first.TrainEpoch(train, 0), second.TrainEpoch(train, 0));
        Assert.Equal(first.Network.Parameters.ToArray(), second.Network.Parameters.ToArray());
    }

    [Fact]
    public void Images_of_another_size_are_refused()
    {
        using var trainer = Trainer(threads: 1);
        var small = new NetGen.Data.Dataset("small", new float[2 * 16 * 16], new byte[2], 16, 16);
        Assert.Throws<ArgumentException>(() => trainer.Evaluate(small));
    }
}
