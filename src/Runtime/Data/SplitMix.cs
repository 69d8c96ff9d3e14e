namespace NetGen.Data;

/// <summary>
/// A tiny deterministic random generator (SplitMix64) as a struct: no allocation, the same stream on every
/// runtime, and seedable from (seed, epoch, sample) so augmentation does not depend on thread or order.
/// </summary>
public struct SplitMix(ulong state)
{
    ulong _state = state;

    /// <summary>A well-mixed seed from several integers.</summary>
    public static ulong Seed(long a, long b = 0, long c = 0)
    {
        ulong h = Mix((ulong)a + 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ ((ulong)b + 0xBF58476D1CE4E5B9UL));
        return Mix(h ^ ((ulong)c + 0x94D049BB133111EBUL));
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-1, 1).</summary>
    public float NextSigned() => (float)(NextDouble() * 2 - 1);

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n) => (int)(NextDouble() * n);
}
