using System.Diagnostics;
using System.Globalization;
using NetGen.Benchmarks.Peers;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// --profile: the benchmark LeNet-5's per-layer times (the generated Profile) on both vector paths, then its whole
/// Forward call back to back (Profile interleaves a backward pass after every forward, which evicts caches).
/// </summary>
public static class LeNetProfile
{
    public static void Run(TextWriter log, int repetitions)
    {
        var lenet = new LeNet5Bench(seed: 0);
        var digit = new BenchData(1, seed: 1).Inputs;
        var logits = new float[10];
        foreach (var isa in new[] { Isa.Vector512, Isa.Vector256, Isa.Vector128 })
        {
            if (isa == Isa.Vector512 && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
                continue;
            lenet.Isa = isa;
            lenet.Profile(digit, 2000);  // jit and warm
            log.WriteLine(lenet.Profile(digit, 1000 * repetitions).ToString());
            double best = double.MaxValue;
            for (int round = 0; round < 5; round++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int r = 0; r < 200 * repetitions; r++)
                    lenet.Forward(digit, logits);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / (200 * repetitions));
            }
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Forward, whole call, back to back: {best:F2} us (best of 5 rounds)"));
            log.WriteLine();
        }
    }
}
