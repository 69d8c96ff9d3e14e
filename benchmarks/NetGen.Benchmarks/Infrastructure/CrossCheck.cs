using System.Globalization;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// Proves the three peers compute the same function before anything is timed: NetGen's parameters are copied into the
/// TorchSharp module and the reference, then forward outputs (on every NetGen SIMD path the machine runs) and two
/// training steps (per thread count) are compared. Differences are reported as max |a - b| over all values.
/// </summary>
public static class CrossCheck
{
    /// <summary>Logits of random inputs; float32 summation order differs between the peers, nothing else.</summary>
    public const double ForwardTolerance = 1e-4;
    /// <summary>Parameters after two SGD steps (learning rate 0.01, momentum 0.9).</summary>
    public const double StepTolerance = 1e-5;

    /// <summary>Runs the checks; returns true when every difference is within tolerance. Writes a report when <paramref name="verbose"/>.</summary>
    public static bool Run(TextWriter log, bool verbose)
    {
        var ok = true;
        void Report(string what, double diff, double tolerance, string detail = "")
        {
            bool pass = diff <= tolerance;
            ok &= pass;
            if (verbose || !pass)
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(pass ? "ok  " : "FAIL")} {what,-66} max |diff| = {diff:0.00e+00} (tolerance {tolerance:0e+00}){detail}"));
        }

        var tensorLengths = LeNet5Bench.ParameterTensors.Select(t => t.Length).ToArray();
        if (verbose)
        {
            log.WriteLine($"Cross-check: NetGen {LeNet5Bench.Architecture}");
            log.WriteLine($"  parameters: {LeNet5Bench.ParameterCount} ({string.Join(", ", LeNet5Bench.ParameterTensors)})");
            log.WriteLine($"  forward multiply-adds per image: {LeNet5Bench.Summary.TotalMultiplyAdds:N0} => {ThroughputColumn.ForwardFlopsPerImage / 1e6:0.###} MFLOP");
        }
        CheckLayouts(tensorLengths);

        var netGen = new LeNet5Bench(seed: 42);
        var naive = new NaiveLeNet5();
        netGen.Parameters.CopyTo(naive.Parameters);
        using var model = new TorchLeNet5();
        model.LoadFlat(netGen.Parameters, tensorLengths);
        Report("parameters copied into TorchSharp and read back", MaxAbsDiff(model.ToFlat(), netGen.Parameters), 0);

        // Forward on a few random inputs: one TorchSharp batch against per-sample NetGen and reference calls.
        const int samples = 4;
        var data = new BenchData(samples, seed: 3);
        using (var scope = NewDisposeScope())
        {
            using var input = tensor(data.Inputs, [samples, 1, 32, 32]);
            var torchLogits = TorchTrainer.Infer(model, input).data<float>().ToArray();
            var naiveLogits = new float[samples * 10];
            for (int s = 0; s < samples; s++)
                naive.Forward(data.Inputs.AsSpan(s * 1024, 1024), naiveLogits.AsSpan(s * 10, 10));
            double magnitude = torchLogits.Max(MathF.Abs);
            string scale = string.Create(CultureInfo.InvariantCulture, $"; logits up to {magnitude:0.###}");
            Report($"forward: reference vs TorchSharp ({samples} inputs)", MaxAbsDiff(naiveLogits, torchLogits), ForwardTolerance, scale);
            foreach (var isa in IsasToCheck())
            {
                netGen.Isa = isa;
                var logits = new float[samples * 10];
                for (int s = 0; s < samples; s++)
                    netGen.Forward(data.Inputs.AsSpan(s * 1024, 1024), logits.AsSpan(s * 10, 10));
                Report($"forward: NetGen ({isa}) vs TorchSharp", MaxAbsDiff(logits, torchLogits), ForwardTolerance);
            }
            netGen.Isa = Isa.Auto;
            var ortLogits = new float[samples * 10];
            using (var ort = new OrtPeer(netGen, samples, threads: 1, data.Inputs, ortLogits))
                ort.Run();
            Report("forward: ONNX Runtime (NetGen's exported graph) vs TorchSharp", MaxAbsDiff(ortLogits, torchLogits), ForwardTolerance);
            // The benchmarks' batch paths, including the per-thread replicas of the 2-thread cases.
            foreach (int threads in new[] { 1, 2 })
            {
                var logits = new float[samples * 10];
                using (var runner = new NetGenInference(netGen, threads))
                    runner.Run(data.Inputs, logits);
                Report($"batch inference, {threads} thread(s): NetGen vs TorchSharp", MaxAbsDiff(logits, torchLogits), ForwardTolerance);
                new NaiveInference(netGen.Parameters, threads).Run(data.Inputs, logits, samples);
                Report($"batch inference, {threads} thread(s): reference vs TorchSharp", MaxAbsDiff(logits, torchLogits), ForwardTolerance);
            }
        }

        // Two training steps (the second one uses the momentum) from the same parameters on the same batch, per thread count.
        const int batch = 8, steps = 2;
        var train = new BenchData(batch, seed: 5);
        using var targets = tensor(train.Labels.Select(l => (long)l).ToArray(), [batch]);
        using var inputs = tensor(train.Inputs, [batch, 1, 32, 32]);
        var start = netGen.Parameters.ToArray();
        foreach (int threads in new[] { 1, 2 })
        {
            torch.set_num_threads(threads);
            using var torchModel = new TorchLeNet5();
            torchModel.LoadFlat(start, tensorLengths);
            using var torchTrainer = new TorchTrainer(torchModel, TrainingBenchmarks.LearningRate, TrainingBenchmarks.Momentum);
            float torchLoss = 0;
            for (int i = 0; i < steps; i++)
                torchLoss = torchTrainer.Step(inputs, targets);
            var torchAfter = torchModel.ToFlat();

            var ng = new LeNet5Bench(seed: 0);
            start.CopyTo(ng.Parameters);
            double ngLoss = 0;
            using (var ngTraining = new NetGenBatchTraining(ng, train, threads, TrainingBenchmarks.LearningRate, TrainingBenchmarks.Momentum))
                for (int i = 0; i < steps; i++)
                    ngLoss = ngTraining.Step();

            var ngt = new LeNet5Bench(seed: 0);
            start.CopyTo(ngt.Parameters);
            var ngTrainer = new NetGenTrainerTraining(ngt, train, batch, threads, TrainingBenchmarks.LearningRate, TrainingBenchmarks.Momentum);
            double ngtLoss = 0;
            for (int i = 0; i < steps; i++)
                ngtLoss = ngTrainer.Step();

            var reference = new NaiveLeNet5();
            start.CopyTo(reference.Parameters.AsSpan());
            var referenceTraining = new NaiveTrainer(reference, threads, TrainingBenchmarks.LearningRate, TrainingBenchmarks.Momentum);
            double refLoss = 0;
            for (int i = 0; i < steps; i++)
                refLoss = referenceTraining.Step(train.Inputs, train.Labels, batch);

            double moved = MaxAbsDiff(torchAfter, start);
            string detail = string.Create(CultureInfo.InvariantCulture,
                $"; 2nd-step losses {ngLoss:0.######} / {torchLoss:0.######}; largest change {moved:0.0e+00}");
            Report($"{steps} SGD steps, batch {batch}, {threads} thread(s): NetGen BatchRunner vs TorchSharp", MaxAbsDiff(ng.Parameters.ToArray(), torchAfter), StepTolerance, detail);
            Report($"{steps} SGD steps, batch {batch}, {threads} thread(s): NetGen Trainer vs TorchSharp", MaxAbsDiff(ngt.Parameters.ToArray(), torchAfter), StepTolerance,
                string.Create(CultureInfo.InvariantCulture, $"; Trainer 2nd-step loss {ngtLoss:0.######}"));
            Report($"{steps} SGD steps, batch {batch}, {threads} thread(s): reference vs TorchSharp", MaxAbsDiff(reference.Parameters, torchAfter), StepTolerance,
                string.Create(CultureInfo.InvariantCulture, $"; reference 2nd-step loss {refLoss:0.######}"));
            if (moved < 1e-4)
            {
                ok = false;
                log.WriteLine("  FAIL the step barely moved the parameters: the comparison would prove nothing");
            }
        }
        torch.set_num_threads(1);
        if (verbose)
            log.WriteLine(ok ? "Cross-check passed: the three peers compute the same function." : "Cross-check FAILED.");
        return ok;
    }

    /// <summary>Every SIMD path NetGen offers that this machine accelerates (Vector512 is emulated elsewhere: skipped there).</summary>
    static IEnumerable<Isa> IsasToCheck()
    {
        yield return Isa.Scalar;
        if (System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)
            yield return Isa.Vector128;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
            yield return Isa.Vector256;
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            yield return Isa.Vector512;
    }

    /// <summary>The reference's hand-written offsets must be NetGen's tensor layout.</summary>
    static void CheckLayouts(int[] netGenLengths)
    {
        var ng = LeNet5Bench.ParameterTensors;
        if (ng.Count != NaiveLeNet5.Tensors.Length || LeNet5Bench.ParameterCount != NaiveLeNet5.ParameterCount)
            throw new InvalidOperationException($"NetGen has {ng.Count} tensors / {LeNet5Bench.ParameterCount} parameters, the reference {NaiveLeNet5.Tensors.Length} / {NaiveLeNet5.ParameterCount}.");
        for (int i = 0; i < ng.Count; i++)
        {
            var (name, offset, length) = NaiveLeNet5.Tensors[i];
            if (ng[i].Name != name || ng[i].Offset != offset || ng[i].Length != length || netGenLengths[i] != length)
                throw new InvalidOperationException($"Tensor {i}: NetGen {ng[i]} (length {ng[i].Length}), reference {name} @ {offset} (length {length}).");
        }
    }

    static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Lengths differ: {a.Length} and {b.Length}.");
        double max = 0;
        for (int i = 0; i < a.Length; i++)
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        return max;
    }
}
