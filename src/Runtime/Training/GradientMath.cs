using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Training;

/// <summary>Element-wise helpers for the gradient reduction of data-parallel training.</summary>
static class GradientMath
{
    /// <summary><paramref name="target"/>[i] += <paramref name="source"/>[i]; the same result whatever the vector width.</summary>
    public static void Add(Span<float> target, ReadOnlySpan<float> source)
    {
        if (source.Length != target.Length)
            throw new ArgumentException($"Gradient lengths differ: {target.Length} and {source.Length}.");
        ref float t = ref MemoryMarshal.GetReference(target);
        ref float s = ref MemoryMarshal.GetReference(source);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= target.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref t, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i), ref t, (nuint)i);
        for (; i < target.Length; i++)
            Unsafe.Add(ref t, i) += Unsafe.Add(ref s, i);
    }
}
