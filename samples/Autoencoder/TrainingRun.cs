using System.Diagnostics;
using NetGen.Data;

namespace NetGen.Samples.Autoencoder;

/// <summary>One run: MNIST, the autoencoder, a few epochs with the test MSE after each, and the picture.</summary>
public static class TrainingRun
{
    public const string PictureName = "reconstructions.png";
    const int PerDigit = 3;

    public static int Execute(RunOptions o, CancellationToken cancellation)
    {
        try
        {
            Train(o, cancellation);
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled.");
            return 130;
        }
        catch (Exception e) when (e is IOException or DataFormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    static void Train(RunOptions o, CancellationToken cancellation)
    {
        var wall = Stopwatch.StartNew();
        var network = new ConvAutoencoder(o.Seed);
        Console.WriteLine(ConvAutoencoder.Summary);
        Console.WriteLine($"training: {o.Epochs} epochs, batch {o.BatchSize}, SGD lr {o.LearningRate} momentum {o.Momentum}, {o.Threads} thread(s), seed {o.Seed}, {network.Isa} -> {Describe(network)}");

        var data = Mnist.Load(o.DataDirectory, log: Console.WriteLine);
        Console.WriteLine($"MNIST: {data.Train.Count:N0} training and {data.Test.Count:N0} test images; the target of each is the image itself");

        using var trainer = new ReconstructionTrainer(network, () => new ConvAutoencoder(), o.Trainer);
        Console.WriteLine($"epoch 0: test MSE {trainer.Evaluate(data.Test):F5} (untrained)");
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double train = trainer.TrainEpoch(data.Train, epoch, cancellation);
            double seconds = clock.Elapsed.TotalSeconds;
            double test = trainer.Evaluate(data.Test);
            Console.WriteLine($"epoch {epoch + 1}: train MSE {train:F5}, test MSE {test:F5}, {seconds:F1} s ({data.Train.Count / seconds:N0} images/s)");
        }

        string path = Path.Combine(o.OutputDirectory, PictureName);
        double finalMse = trainer.Evaluate(data.Test);
        var pairs = Examples(data.Test).Select(i => (data.Test.Image(i).ToArray(), trainer.Reconstruct(data.Test.Image(i)))).ToList();
        ReconstructionGrid.Write(path, pairs, data.Test.Rows, data.Test.Cols,
            $"MNIST test digits: each input (left) beside its reconstruction (right); test MSE {finalMse:F4} after {o.Epochs} epochs");
        Console.WriteLine($"wrote {Path.GetFullPath(path)}; {wall.Elapsed.TotalSeconds:F1} s in all");
    }

    /// <summary>The first <see cref="PerDigit"/> test images of each digit, ordered so each column of the grid is one digit.</summary>
    static IEnumerable<int> Examples(Dataset test)
    {
        var byDigit = Enumerable.Range(0, test.Classes)
            .Select(d => Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == d).Take(PerDigit).ToArray()).ToArray();
        for (int row = 0; row < PerDigit; row++)
            foreach (var digit in byDigit)
                if (row < digit.Length)
                    yield return digit[row];
    }

    static string Describe(INetwork network) => network.Isa != Isa.Auto ? network.Isa.ToString()
        : System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256"
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "Vector128" : "Scalar";
}
