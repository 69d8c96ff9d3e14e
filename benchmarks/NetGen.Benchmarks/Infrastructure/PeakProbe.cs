using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// --peak: the single-core fp32 FMA throughput this machine actually sustains, from a register-only loop of
/// independent fused multiply-adds (12 accumulators, enough to cover FMA latency x pipes), on one thread.
/// A ceiling for "% of the machine's peak" that does not depend on a nominal clock.
/// </summary>
public static class PeakProbe
{
    public static void Run(TextWriter log)
    {
        var c = CultureInfo.InvariantCulture;
        log.WriteLine(string.Create(c, $"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}, {Environment.ProcessorCount} cores"));
        for (int round = 0; round < 3; round++)
        {
            if (Vector512.IsHardwareAccelerated)
                log.WriteLine(string.Create(c, $"  Vector512 FMA, 1 thread: {Measure512():0.0} GFLOP/s"));
            if (Vector256.IsHardwareAccelerated)
                log.WriteLine(string.Create(c, $"  Vector256 FMA, 1 thread: {Measure256():0.0} GFLOP/s"));
        }
    }

    const long Iterations = 50_000_000;

    static double Measure512()
    {
        Fma512(1000);
        var watch = Stopwatch.StartNew();
        float sink = Fma512(Iterations);
        watch.Stop();
        GC.KeepAlive(sink);
        return Iterations * 12.0 * 16 * 2 / watch.Elapsed.TotalSeconds / 1e9;
    }

    static double Measure256()
    {
        Fma256(1000);
        var watch = Stopwatch.StartNew();
        float sink = Fma256(Iterations);
        watch.Stop();
        GC.KeepAlive(sink);
        return Iterations * 12.0 * 8 * 2 / watch.Elapsed.TotalSeconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Fma512(long n)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-7f);
        Vector512<float> s0 = Vector512.Create(1f), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0, s10 = s0, s11 = s0;
        for (long i = 0; i < n; i++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, m, a); s1 = Vector512.FusedMultiplyAdd(s1, m, a);
            s2 = Vector512.FusedMultiplyAdd(s2, m, a); s3 = Vector512.FusedMultiplyAdd(s3, m, a);
            s4 = Vector512.FusedMultiplyAdd(s4, m, a); s5 = Vector512.FusedMultiplyAdd(s5, m, a);
            s6 = Vector512.FusedMultiplyAdd(s6, m, a); s7 = Vector512.FusedMultiplyAdd(s7, m, a);
            s8 = Vector512.FusedMultiplyAdd(s8, m, a); s9 = Vector512.FusedMultiplyAdd(s9, m, a);
            s10 = Vector512.FusedMultiplyAdd(s10, m, a); s11 = Vector512.FusedMultiplyAdd(s11, m, a);
        }
        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    static float Fma256(long n)
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-7f);
        Vector256<float> s0 = Vector256.Create(1f), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0, s10 = s0, s11 = s0;
        for (long i = 0; i < n; i++)
        {
            s0 = Vector256.FusedMultiplyAdd(s0, m, a); s1 = Vector256.FusedMultiplyAdd(s1, m, a);
            s2 = Vector256.FusedMultiplyAdd(s2, m, a); s3 = Vector256.FusedMultiplyAdd(s3, m, a);
            s4 = Vector256.FusedMultiplyAdd(s4, m, a); s5 = Vector256.FusedMultiplyAdd(s5, m, a);
            s6 = Vector256.FusedMultiplyAdd(s6, m, a); s7 = Vector256.FusedMultiplyAdd(s7, m, a);
            s8 = Vector256.FusedMultiplyAdd(s8, m, a); s9 = Vector256.FusedMultiplyAdd(s9, m, a);
            s10 = Vector256.FusedMultiplyAdd(s10, m, a); s11 = Vector256.FusedMultiplyAdd(s11, m, a);
        }
        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }
}
