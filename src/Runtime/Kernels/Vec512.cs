using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>16 floats in a Vector512&lt;float&gt; (AVX-512 on x64; emulated where the hardware lacks it).</summary>
public readonly struct Vec512(Vector512<float> value) : IVec<Vec512>
{
    public readonly Vector512<float> Value = value;

    public static int Count => Vector512<float>.Count;
    public static Vec512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Create(float value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Load(ref float source) => new(Vector512.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 LoadStrided(ref float source, int stride) => new(Vector512.Create(
        Unsafe.Add(ref source, 0 * stride), Unsafe.Add(ref source, 1 * stride), Unsafe.Add(ref source, 2 * stride), Unsafe.Add(ref source, 3 * stride), Unsafe.Add(ref source, 4 * stride), Unsafe.Add(ref source, 5 * stride), Unsafe.Add(ref source, 6 * stride), Unsafe.Add(ref source, 7 * stride), Unsafe.Add(ref source, 8 * stride), Unsafe.Add(ref source, 9 * stride), Unsafe.Add(ref source, 10 * stride), Unsafe.Add(ref source, 11 * stride), Unsafe.Add(ref source, 12 * stride), Unsafe.Add(ref source, 13 * stride), Unsafe.Add(ref source, 14 * stride), Unsafe.Add(ref source, 15 * stride)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec512 value, ref float destination) => value.Value.StoreUnsafe(ref destination);
    /// <summary>Lane permutation gathering even lanes into the low half and odd lanes into the high half.</summary>
    private static Vector512<int> EvenThenOdd => Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
    /// <summary>Lane permutation interleaving the low half with the high half.</summary>
    private static Vector512<int> Interleave => Vector512.Create(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out Vec512 even, out Vec512 odd)
    {
        var a = Vector512.Shuffle(Vector512.LoadUnsafe(ref source), EvenThenOdd);
        var b = Vector512.Shuffle(Vector512.LoadUnsafe(ref source, 16), EvenThenOdd);
        even = new(Vector512.Create(a.GetLower(), b.GetLower()));
        odd = new(Vector512.Create(a.GetUpper(), b.GetUpper()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vec512 even, Vec512 odd, ref float destination)
    {
        Vector512.Shuffle(Vector512.Create(even.Value.GetLower(), odd.Value.GetLower()), Interleave).StoreUnsafe(ref destination);
        Vector512.Shuffle(Vector512.Create(even.Value.GetUpper(), odd.Value.GetUpper()), Interleave).StoreUnsafe(ref destination, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 LoadEven(ref float source)
    {
        LoadDeinterleaved(ref source, out var even, out _);
        return even;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreEven(Vec512 value, ref float destination)
    {
        LoadDeinterleaved(ref destination, out _, out var odd);
        StoreInterleaved(value, odd, ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vec512 value, ref float destination, int stride)
    {
        for (int i = 0; i < 16; i++) Unsafe.Add(ref destination, i * stride) = value.Value.GetElement(i);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator +(Vec512 a, Vec512 b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator -(Vec512 a, Vec512 b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator *(Vec512 a, Vec512 b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator /(Vec512 a, Vec512 b) => new(a.Value / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Reciprocal(Vec512 a)
    {
        if (!Avx512F.IsSupported) return new(Vector512<float>.One / a.Value);
        var r = Avx512F.Reciprocal14(a.Value);                                            // 14 bits
        return new(r * Vector512.FusedMultiplyAdd(-a.Value, r, Vector512.Create(2f)));    // r (2 - a r): ~28 bits
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 MultiplyAdd(Vec512 a, Vec512 b, Vec512 c) => new(Vector512.FusedMultiplyAdd(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Max(Vec512 a, Vec512 b) => new(Vector512.MaxNative(a.Value, b.Value));  // vmaxps: no NaN/-0 fix-ups (the lanes never hold NaN)
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Min(Vec512 a, Vec512 b) => new(Vector512.MinNative(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Abs(Vec512 a) => new(Vector512.Abs(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Exp(Vec512 a) => new(Vector512.Exp(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Log(Vec512 a) => new(Vector512.Log(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Round(Vec512 a) => new(Vector512.Round(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 PowerOfTwo(Vec512 n) => new(Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n.Value) + Vector512.Create(127), 23).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 SelectGreater(Vec512 a, Vec512 b, Vec512 t, Vec512 f) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 SelectEqual(Vec512 a, Vec512 b, Vec512 t, Vec512 f) => new(Vector512.ConditionalSelect(Vector512.Equals(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 CopySign(Vec512 m, Vec512 s) => new(Vector512.CopySign(m.Value, s.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vec512 a) => Vector512.Sum(a.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums4(Vec512 a, Vec512 b, Vec512 c, Vec512 d, ref float destination) =>
        Vec256.AddSums4(Half(a), Half(b), Half(c), Half(d), ref destination);
    /// <summary>The two 256-bit halves of a added: the same lane sum in half the width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vec256 Half(Vec512 a) => new(a.Value.GetLower() + a.Value.GetUpper());
}
