using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>
/// 4 floats in a Vector128&lt;float&gt;: NEON (AdvSimd) on ARM64, SSE/AVX on x64. The shuffles and reductions have
/// an AdvSimd and an x64 branch that add in the same order ((a0 + a1) + (a2 + a3)), so both give the same bits.
/// </summary>
public readonly struct Vec128(Vector128<float> value) : IVec<Vec128>
{
    public readonly Vector128<float> Value = value;

    public static int Count => Vector128<float>.Count;
    public static Vec128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Create(float value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Load(ref float source) => new(Vector128.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 LoadStrided(ref float source, int stride) => new(Vector128.Create(
        source, Unsafe.Add(ref source, stride), Unsafe.Add(ref source, 2 * stride), Unsafe.Add(ref source, 3 * stride)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vec128 value, ref float destination) => value.Value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out Vec128 even, out Vec128 odd)
    {
        var a = Vector128.LoadUnsafe(ref source);
        var b = Vector128.LoadUnsafe(ref source, 4);
        if (AdvSimd.Arm64.IsSupported)
        {
            even = new(AdvSimd.Arm64.UnzipEven(a, b));      // uzp1
            odd = new(AdvSimd.Arm64.UnzipOdd(a, b));        // uzp2
        }
        else if (Sse.IsSupported)
        {
            even = new(Sse.Shuffle(a, b, 0b10_00_10_00));   // a0 a2 b0 b2
            odd = new(Sse.Shuffle(a, b, 0b11_01_11_01));    // a1 a3 b1 b3
        }
        else
        {
            even = new(Vector128.Create(a[0], a[2], b[0], b[2]));
            odd = new(Vector128.Create(a[1], a[3], b[1], b[3]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Vec128 even, Vec128 odd, ref float destination)
    {
        Vector128<float> low, high;
        if (AdvSimd.Arm64.IsSupported)
        {
            low = AdvSimd.Arm64.ZipLow(even.Value, odd.Value);     // zip1: e0 o0 e1 o1
            high = AdvSimd.Arm64.ZipHigh(even.Value, odd.Value);   // zip2: e2 o2 e3 o3
        }
        else if (Sse.IsSupported)
        {
            low = Sse.UnpackLow(even.Value, odd.Value);
            high = Sse.UnpackHigh(even.Value, odd.Value);
        }
        else
        {
            low = Vector128.Create(even.Value[0], odd.Value[0], even.Value[1], odd.Value[1]);
            high = Vector128.Create(even.Value[2], odd.Value[2], even.Value[3], odd.Value[3]);
        }
        low.StoreUnsafe(ref destination);
        high.StoreUnsafe(ref destination, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 LoadEven(ref float source)
    {
        LoadDeinterleaved(ref source, out var even, out _);
        return even;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreEven(Vec128 value, ref float destination)
    {
        LoadDeinterleaved(ref destination, out _, out var odd);
        StoreInterleaved(value, odd, ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vec128 value, ref float destination, int stride)
    {
        for (int i = 0; i < 4; i++) Unsafe.Add(ref destination, i * stride) = value.Value.GetElement(i);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator +(Vec128 a, Vec128 b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator -(Vec128 a, Vec128 b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator *(Vec128 a, Vec128 b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 operator /(Vec128 a, Vec128 b) => new(a.Value / b.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Reciprocal(Vec128 a)
    {
        if (AdvSimd.IsSupported)
        {
            // frecpe gives 8 bits; each frecps step (2 - a r, fused) doubles them: 16, then ~23 after rounding.
            var r = AdvSimd.ReciprocalEstimate(a.Value);
            r *= AdvSimd.ReciprocalStep(a.Value, r);
            return new(r * AdvSimd.ReciprocalStep(a.Value, r));
        }
        if (Sse.IsSupported && Fma.IsSupported)
        {
            var r = Sse.Reciprocal(a.Value);                                                  // 12 bits
            return new(r * Vector128.FusedMultiplyAdd(-a.Value, r, Vector128.Create(2f)));    // r (2 - a r): ~23 bits
        }
        return new(Vector128<float>.One / a.Value);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 MultiplyAdd(Vec128 a, Vec128 b, Vec128 c) => new(Vector128.FusedMultiplyAdd(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Max(Vec128 a, Vec128 b) => new(Vector128.MaxNative(a.Value, b.Value));  // fmax / maxps: the lanes never hold NaN
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Min(Vec128 a, Vec128 b) => new(Vector128.MinNative(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Abs(Vec128 a) => new(Vector128.Abs(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Exp(Vec128 a) => new(Vector128.Exp(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Log(Vec128 a) => new(Vector128.Log(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 Round(Vec128 a) => new(Vector128.Round(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 PowerOfTwo(Vec128 n) => new(Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n.Value) + Vector128.Create(127), 23).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 SelectGreater(Vec128 a, Vec128 b, Vec128 t, Vec128 f) => new(Vector128.ConditionalSelect(Vector128.GreaterThan(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 SelectEqual(Vec128 a, Vec128 b, Vec128 t, Vec128 f) => new(Vector128.ConditionalSelect(Vector128.Equals(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec128 CopySign(Vec128 m, Vec128 s) => new(Vector128.CopySign(m.Value, s.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec128 a)
    {
        if (AdvSimd.Arm64.IsSupported)
        {
            var pairs = AdvSimd.Arm64.AddPairwise(a.Value, a.Value);        // a0+a1, a2+a3, ...
            return AdvSimd.Arm64.AddPairwise(pairs, pairs).ToScalar();
        }
        if (Sse3.IsSupported)
        {
            var pairs = Sse3.HorizontalAdd(a.Value, a.Value);
            return Sse3.HorizontalAdd(pairs, pairs).ToScalar();
        }
        return (a.Value[0] + a.Value[1]) + (a.Value[2] + a.Value[3]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums4(Vec128 a, Vec128 b, Vec128 c, Vec128 d, ref float destination)
    {
        // pairwise(pairwise(a, b), pairwise(c, d)) = the lane sums of a, b, c, d in that order.
        Vector128<float> sums;
        if (AdvSimd.Arm64.IsSupported)
            sums = AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a.Value, b.Value), AdvSimd.Arm64.AddPairwise(c.Value, d.Value));
        else if (Sse3.IsSupported)
            sums = Sse3.HorizontalAdd(Sse3.HorizontalAdd(a.Value, b.Value), Sse3.HorizontalAdd(c.Value, d.Value));
        else
            sums = Vector128.Create(Sum(a), Sum(b), Sum(c), Sum(d));
        (Vector128.LoadUnsafe(ref destination) + sums).StoreUnsafe(ref destination);
    }
}
