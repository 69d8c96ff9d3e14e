using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vec256 value, ref float destination, int stride)
    {
        for (int i = 0; i < 8; i++) Unsafe.Add(ref destination, i * stride) = value.Value.GetElement(i);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator +(Vec256 a, Vec256 b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator -(Vec256 a, Vec256 b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator *(Vec256 a, Vec256 b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 operator /(Vec256 a, Vec256 b) => new(a.Value / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 MultiplyAdd(Vec256 a, Vec256 b, Vec256 c) => new(Vector256.FusedMultiplyAdd(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Max(Vec256 a, Vec256 b) => new(Vector256.Max(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Abs(Vec256 a) => new(Vector256.Abs(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 Exp(Vec256 a) => new(Vector256.Exp(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 SelectGreater(Vec256 a, Vec256 b, Vec256 t, Vec256 f) => new(Vector256.ConditionalSelect(Vector256.GreaterThan(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 SelectEqual(Vec256 a, Vec256 b, Vec256 t, Vec256 f) => new(Vector256.ConditionalSelect(Vector256.Equals(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec256 CopySign(Vec256 m, Vec256 s) => new(Vector256.CopySign(m.Value, s.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vec256 a) => Vector256.Sum(a.Value);
}
