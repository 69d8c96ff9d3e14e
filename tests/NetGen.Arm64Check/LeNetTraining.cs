using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Samples.LeNet5;

namespace NetGen.Arm64Check;

/// <summary>
/// LeNet-5's first forward and backward, then a short SGD run (RBF map loss, momentum) on generated digits-like data:
/// what the ARM64 build computes, compared with the x64 build's run of the same seed.
/// </summary>
public sealed record LeNetTraining(float[] Output, float[] Gradients, float[] Losses, float[] Parameters)
{
    public const int Samples = 20, Epochs = 4, Seed = 5;

    public static LeNetTraining Run(Isa isa)
    {
        var net = new LeNet5(seed: Seed) { Isa = isa };
        var (images, labels) = Data();
        var loss = new RbfMapLoss();
        var output = new float[LeNet5.OutputLength];
        var dy = new float[LeNet5.OutputLength];

        net.Forward(images[0], output);
        loss.Compute(output, labels[0], dy);
        net.Gradients.Clear();
        net.Backward(dy);
        var first = (output.ToArray(), net.Gradients.ToArray());
        net.Gradients.Clear();

        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(0.0005f), Momentum = 0.9f });
        var losses = new List<float>();
        for (int epoch = 0; epoch < Epochs; epoch++)
            for (int i = 0; i < Samples; i++)
            {
                net.Forward(images[i], output);
                losses.Add(loss.Compute(output, labels[i], dy));
                net.Backward(dy);
                sgd.Step();
                net.Gradients.Clear();   // Step leaves them
            }
        return new(first.Item1, first.Item2, [.. losses], net.Parameters.ToArray());
    }

    /// <summary>32x32 images: a bright 8x8 square whose place codes the label, on uniform noise.</summary>
    private static (float[][] Images, int[] Labels) Data()
    {
        var random = new Random(Seed);
        var images = new float[Samples][];
        var labels = new int[Samples];
        for (int s = 0; s < Samples; s++)
        {
            int label = labels[s] = s % 10;
            var x = images[s] = new float[LeNet5.InputLength];
            for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 0.4 - 0.1);
            int top = 4 + label / 5 * 14, left = 2 + label % 5 * 5;
            for (int r = 0; r < 8; r++)
                for (int c = 0; c < 8 && left + c < 32; c++) x[(top + r) * 32 + left + c] = 1.175f;
        }
        return (images, labels);
    }

    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        foreach (var a in new[] { Output, Gradients, Losses, Parameters })
        {
            writer.Write(a.Length);
            foreach (float v in a) writer.Write(v);
        }
    }

    public static LeNetTraining Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        float[] Next() => Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadSingle()).ToArray();
        return new(Next(), Next(), Next(), Next());
    }

    /// <summary>
    /// The largest difference of each part from <paramref name="expected"/>, relative to that part's largest magnitude,
    /// and whether every one is within <paramref name="tolerance"/>.
    /// </summary>
    public (bool Within, string Report) Compare(LeNetTraining expected, double tolerance)
    {
        bool within = true;
        var lines = new List<string>();
        foreach (var (name, a, e) in new[] { ("first output", Output, expected.Output), ("first gradients", Gradients, expected.Gradients),
                                             ("losses", Losses, expected.Losses), ("final parameters", Parameters, expected.Parameters) })
        {
            if (a.Length != e.Length) { within = false; lines.Add($"{name}: {a.Length} values, expected {e.Length}"); continue; }
            double scale = e.Max(v => Math.Abs((double)v)), diff = 0;
            int identical = 0;
            for (int i = 0; i < a.Length; i++)
            {
                diff = Math.Max(diff, Math.Abs((double)a[i] - e[i]));
                if (BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(e[i])) identical++;
            }
            double relative = diff / Math.Max(scale, 1e-30);
            bool ok = relative <= tolerance && a.All(float.IsFinite);
            within &= ok;
            lines.Add($"{(ok ? "ok  " : "FAIL")} {name}: {a.Length} values, {identical} bit-identical, max |diff| / max |x64| = {relative:0.00e+00} (tolerance {tolerance:0e+00})");
        }
        return (within, string.Join("\n", lines));
    }
}
