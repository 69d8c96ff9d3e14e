using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>8 floats in a Vector256&lt;float&gt; (AVX2 + FMA on x64).</summary>
public readonly struct Vec256(Vector256<float> value) : IVec<Vec256>
{
    public readonly Vector256<float> Value = value;

    public static int Count => Vector256<float>.Count;
    public static Vec256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Create(float value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Load(ref float source) => new(Vector256.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 LoadStrided(ref float source, int stride) => new(Vector256.Create(
        Unsafe.Add(ref source, 0 * stride), Unsafe.Add(ref source, 1 * stride), Unsafe.Add(ref source, 2 * stride), Unsafe.Add(ref source, 3 * stride), Unsafe.Add(ref source, 4 * stride), Unsafe.Add(ref source, 5 * stride), Unsafe.Add(ref source, 6 * stride), Unsafe.Add(ref source, 7 * stride)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec256 value, ref float destination) => value.Value.StoreUnsafe(ref destination);
    /// <summary>Lane permutation gathering even lanes into the low half and odd lanes into the high half.</summary>
    private static Vector256<int> EvenThenOdd => Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
    /// <summary>Lane permutation interleaving the low half with the high half.</summary>
    private static Vector256<int> Interleave => Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out Vec256 even, out Vec256 odd)
    {
        var a = Vector256.Shuffle(Vector256.LoadUnsafe(ref source), EvenThenOdd);
        var b = Vector256.Shuffle(Vector256.LoadUnsafe(ref source, 8), EvenThenOdd);
        even = new(Vector256.Create(a.GetLower(), b.GetLower()));
        odd = new(Vector256.Create(a.GetUpper(), b.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vec256 even, Vec256 odd, ref float destination)
    {
        Vector256.Shuffle(Vector256.Create(even.Value.GetLower(), odd.Value.GetLower()), Interleave).StoreUnsafe(ref destination);
        Vector256.Shuffle(Vector256.Create(even.Value.GetUpper(), odd.Value.GetUpper()), Interleave).StoreUnsafe(ref destination, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 LoadEven(ref float source)
    {
        LoadDeinterleaved(ref source, out var even, out _);
        return even;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreEven(Vec256 value, ref float destination)
    {
        LoadDeinterleaved(ref destination, out _, out var odd);
        StoreInterleaved(value, odd, ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vec256 value, ref float destination, int stride)
    {
        for (int i = 0; i < 8; i++) Unsafe.Add(ref destination, i * stride) = value.Value.GetElement(i);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator +(Vec256 a, Vec256 b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator -(Vec256 a, Vec256 b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator *(Vec256 a, Vec256 b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator /(Vec256 a, Vec256 b) => new(a.Value / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Reciprocal(Vec256 a)
    {
        if (!Avx.IsSupported) return new(Vector256<float>.One / a.Value);
        var r = Avx.Reciprocal(a.Value);                                                  // 12 bits
        return new(r * Vector256.FusedMultiplyAdd(-a.Value, r, Vector256.Create(2f)));    // r (2 - a r): ~23 bits
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 MultiplyAdd(Vec256 a, Vec256 b, Vec256 c) => new(Vector256.FusedMultiplyAdd(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Max(Vec256 a, Vec256 b) => new(Vector256.MaxNative(a.Value, b.Value));  // vmaxps: no NaN/-0 fix-ups (the lanes never hold NaN)
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Min(Vec256 a, Vec256 b) => new(Vector256.MinNative(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Abs(Vec256 a) => new(Vector256.Abs(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Exp(Vec256 a) => new(Vector256.Exp(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Log(Vec256 a) => new(Vector256.Log(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Round(Vec256 a) => new(Vector256.Round(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 PowerOfTwo(Vec256 n) => new(Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n.Value) + Vector256.Create(127), 23).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 SelectGreater(Vec256 a, Vec256 b, Vec256 t, Vec256 f) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 SelectEqual(Vec256 a, Vec256 b, Vec256 t, Vec256 f) => new(Vector256.ConditionalSelect(Vector256.Equals(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 CopySign(Vec256 m, Vec256 s) => new(Vector256.CopySign(m.Value, s.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vec256 a) => Vector256.Sum(a.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums4(Vec256 a, Vec256 b, Vec256 c, Vec256 d, ref float destination)
    {
        Vector128<float> sums;
        if (Avx.IsSupported)
        {
            // hadd(hadd(a, b), hadd(c, d)) holds, per 128-bit half, the partial sums of a, b, c, d in that order.
            var abcd = Avx.HorizontalAdd(Avx.HorizontalAdd(a.Value, b.Value), Avx.HorizontalAdd(c.Value, d.Value));
            sums = abcd.GetLower() + abcd.GetUpper();
        }
        else
        {
            sums = Vector128.Create(Vector256.Sum(a.Value), Vector256.Sum(b.Value), Vector256.Sum(c.Value), Vector256.Sum(d.Value));
        }
        (Vector128.LoadUnsafe(ref destination) + sums).StoreUnsafe(ref destination);
    }
}
