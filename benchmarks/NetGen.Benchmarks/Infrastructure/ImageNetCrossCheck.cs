using System.Diagnostics;
using System.Globalization;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// Proves NetGen's zoo networks and their libtorch peers (<see cref="ImageNetCase.CreateTorch"/>) compute the same
/// function before they are timed: the same parameters and running statistics (copied by name, read back), the same
/// random 3x224x224 input, and the 1000 softmax outputs compared element by element; ONNX Runtime on NetGen's exported
/// graph likewise.
/// </summary>
public static class ImageNetCrossCheck
{
    /// <summary>Largest |NetGen - TorchSharp| / |TorchSharp| over the 1000 probabilities. For probabilities this is, to
    /// first order, the difference of the logits (minus its mean): float32 summation order over up to 50 layers, nothing else.</summary>
    public const double RelativeTolerance = 1e-3;

    /// <summary>
    /// Largest difference of the centered logits recovered from NetGen's probabilities (ln p - mean ln p) and libtorch's
    /// centered logits, over the largest centered logit. The probabilities of these randomly initialized networks are
    /// near uniform (logits of size 0.05-0.5), so <see cref="RelativeTolerance"/> on them misses a layer that is wrong
    /// by a little: EfficientNet-B0's peer with ReLU instead of SiLU in its squeeze-and-excitation moves the
    /// probabilities by 1.4e-5 relative and passed; this measure (float32 rounding gives 1e-6 to 5e-6) fails it.
    /// </summary>
    public const double LogitTolerance = 2e-5;

    public static bool Run(TextWriter log, bool verbose)
    {
        var ok = true;
        var c = CultureInfo.InvariantCulture;
        void Report(string what, bool pass, string detail)
        {
            ok &= pass;
            if (verbose || !pass)
                log.WriteLine(string.Create(c, $"  {(pass ? "ok  " : "FAIL")} {what,-44} {detail}"));
        }

        int threads = torch.get_num_threads();
        torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
        try
        {
            foreach (var rc in ImageNetCase.Models)
            {
                var net = ImageNetPeers.CreateNetGen(rc, out var input, out _);
                using var model = ImageNetPeers.CreateTorch(rc, net, out var shapeMismatches);
                if (verbose)
                    log.WriteLine(string.Create(c, $"Cross-check: {rc.Model}: {net.ParameterCount:N0} parameters in {net.ParameterTensors.Count} tensors, " +
                        $"{net.State.Length:N0} running statistics in {net.StateTensors.Count}; {rc.ConvDenseMultiplyAdds:N0} conv+fc multiply-adds " +
                        $"({rc.Summary.TotalMultiplyAdds:N0} in the whole Summary) => {rc.ForwardFlopsPerImage / 1e9:0.###} GFLOP per image"));

                if (verbose && shapeMismatches.Count > 0)
                    log.WriteLine($"  note: {shapeMismatches.Count} NetGen tensors declare another shape than TorchSharp's with the same element count, copied by count; first: {shapeMismatches[0]}");
                double copyDiff = TorchWeights.ReadBackDifference(model, net);
                Report($"{rc.Model}: parameters and statistics read back", copyDiff == 0, string.Create(c, $"max |diff| = {copyDiff:0.00e+00} (must be 0)"));

                float[] expected, logits;
                using (var scope = NewDisposeScope())
                using (var noGrad = no_grad())
                {
                    var x = tensor(input, [1, 3, 224, 224]);
                    var z = model.forward(x);
                    logits = z.data<float>().ToArray();
                    expected = z.softmax(1).data<float>().ToArray();
                }
                if (verbose)
                    log.WriteLine(string.Create(c, $"  TorchSharp logits in [{logits.Min():0.###}, {logits.Max():0.###}], largest probability {expected.Max():0.####} (class {Array.IndexOf(expected, expected.Max())}), sum {expected.Sum():0.######}"));

                if (verbose)
                {
                    // One thread really is one: CPU time per wall time of a few TorchSharp forwards on set_num_threads(1).
                    torch.set_num_threads(1);
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var wall = Stopwatch.StartNew();
                    using (var scope = NewDisposeScope())
                    using (var noGrad = no_grad())
                    {
                        var x = tensor(input, [1, 3, 224, 224]);
                        for (int i = 0; i < 5; i++)
                            model.forward(x);
                    }
                    wall.Stop();
                    double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                    log.WriteLine(string.Create(c, $"  TorchSharp on set_num_threads(1): {wall.Elapsed.TotalMilliseconds / 5:0.0} ms per forward, process CPU time / wall time = {cpuMs / wall.Elapsed.TotalMilliseconds:0.00}"));
                    torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
                }

                var isas = verbose ? new[] { Isa.Vector512, Isa.Vector256, Isa.Vector128, Isa.Scalar }.Where(Supported).Prepend(Isa.Auto).ToArray() : [Isa.Auto];
                foreach (var isa in isas)
                {
                    net.Isa = isa;
                    var output = new float[net.OutputLength];
                    var watch = Stopwatch.StartNew();
                    net.Forward(input, output);
                    watch.Stop();
                    double abs = 0, rel = 0;
                    for (int i = 0; i < output.Length; i++)
                    {
                        double d = Math.Abs((double)output[i] - expected[i]);
                        abs = Math.Max(abs, d);
                        rel = Math.Max(rel, d / Math.Abs(expected[i]));
                    }
                    bool pass = rel <= RelativeTolerance && !double.IsNaN(rel);
                    Report($"{rc.Model}: NetGen ({isa}) vs TorchSharp", pass, string.Create(c,
                        $"max |diff| = {abs:0.00e+00}, max |diff|/|p| = {rel:0.00e+00} (tolerance {RelativeTolerance:0e+00}); one forward {watch.Elapsed.TotalMilliseconds:0} ms"));
                    double logitDiff = CenteredLogitDifference(output, logits);
                    Report($"{rc.Model}: NetGen ({isa}) logits vs TorchSharp", logitDiff <= LogitTolerance, string.Create(c,
                        $"max |diff| / max |z - mean z| = {logitDiff:0.00e+00} (tolerance {LogitTolerance:0e+00}; logits from ln p)"));
                }
                net.Isa = Isa.Auto;

                var ortOutput = new float[net.OutputLength];
                using (var ort = new OrtPeer(net, batch: 1, threads: 1, input, ortOutput))
                    ort.Run();
                double ortRel = MaxRelativeDifference(ortOutput, expected);
                Report($"{rc.Model}: ONNX Runtime vs TorchSharp", ortRel <= RelativeTolerance, string.Create(c,
                    $"max |diff|/|p| = {ortRel:0.00e+00} (tolerance {RelativeTolerance:0e+00}; NetGen's exported graph)"));
                double ortLogitDiff = CenteredLogitDifference(ortOutput, logits);
                Report($"{rc.Model}: ONNX Runtime logits vs TorchSharp", ortLogitDiff <= LogitTolerance, string.Create(c,
                    $"max |diff| / max |z - mean z| = {ortLogitDiff:0.00e+00} (tolerance {LogitTolerance:0e+00}; logits from ln p)"));
            }
        }
        finally
        {
            torch.set_num_threads(threads);
        }
        return ok;
    }

    /// <summary>See <see cref="LogitTolerance"/>: softmax is invariant to a constant added to the logits, so ln p equals
    /// the logits up to a constant, removed by centering both sides. Infinity for a zero or NaN probability.</summary>
    static double CenteredLogitDifference(float[] probabilities, float[] logits)
    {
        var fromP = probabilities.Select(p => Math.Log(p)).ToArray();
        double meanP = fromP.Average(), meanZ = logits.Average(z => (double)z);
        double diff = 0, scale = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs(fromP[i] - meanP - (logits[i] - meanZ)));
            scale = Math.Max(scale, Math.Abs(logits[i] - meanZ));
        }
        return double.IsFinite(diff) && scale > 0 ? diff / scale : double.PositiveInfinity;
    }

    static double MaxRelativeDifference(float[] actual, float[] expected)
    {
        double rel = 0;
        for (int i = 0; i < actual.Length; i++)
            rel = Math.Max(rel, Math.Abs((double)actual[i] - expected[i]) / Math.Abs(expected[i]));
        return double.IsNaN(rel) ? double.PositiveInfinity : rel;
    }

    static bool Supported(Isa isa) => isa switch
    {
        Isa.Vector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
        Isa.Vector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        Isa.Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>--profile: NetGen's per-layer forward times for every zoo model of the benchmarks, from the generated Profile.</summary>
    public static void Profile(TextWriter log, int repetitions)
    {
        foreach (var rc in ImageNetCase.Models)
        {
            var net = ImageNetPeers.CreateNetGen(rc, out var input, out var output);
            // Warm up past tiered compilation: a layer method runs unoptimized code (its generic vector calls not inlined,
            // ~10 ns per element) until it has been called ~30 times, counted only once 100 ms pass without new
            // compilation, and the optimized version is compiled in the background after that. A short elementwise layer
            // (hardswish, the gate's multiply) otherwise looked 5-15x slower than it is.
            rc.Profile(net, input, 2);
            Thread.Sleep(500);
            rc.Profile(net, input, 40);
            Thread.Sleep(1000);
            var profile = rc.Profile(net, input, repetitions);
            log.WriteLine(profile.ToString());
            // The hot spots, grouped by layer kind.
            log.WriteLine($"{rc.Model}: forward time by layer kind (repetitions {repetitions})");
            double total = profile.ForwardMicroseconds;
            foreach (var g in profile.Layers.GroupBy(l => l.Kind).OrderByDescending(g => g.Sum(l => l.ForwardMicroseconds)))
            {
                double us = g.Sum(l => l.ForwardMicroseconds);
                long madds = g.Sum(l => l.MultiplyAdds);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {g.Key,-20} {g.Count(),3} layers {us / 1000,9:0.00} ms {100 * us / total,5:0.0}%  {(us > 0 ? 2.0 * madds / (us * 1e3) : 0),6:0.0} GFLOP/s"));
            }
            log.WriteLine();
        }
    }
}
