using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStrided(Vec512 value, ref float destination, int stride)
    {
        for (int i = 0; i < 16; i++) Unsafe.Add(ref destination, i * stride) = value.Value.GetElement(i);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator +(Vec512 a, Vec512 b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator -(Vec512 a, Vec512 b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator *(Vec512 a, Vec512 b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 operator /(Vec512 a, Vec512 b) => new(a.Value / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 MultiplyAdd(Vec512 a, Vec512 b, Vec512 c) => new(Vector512.FusedMultiplyAdd(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Max(Vec512 a, Vec512 b) => new(Vector512.Max(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Abs(Vec512 a) => new(Vector512.Abs(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 Exp(Vec512 a) => new(Vector512.Exp(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 SelectGreater(Vec512 a, Vec512 b, Vec512 t, Vec512 f) => new(Vector512.ConditionalSelect(Vector512.GreaterThan(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 SelectEqual(Vec512 a, Vec512 b, Vec512 t, Vec512 f) => new(Vector512.ConditionalSelect(Vector512.Equals(a.Value, b.Value), t.Value, f.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vec512 CopySign(Vec512 m, Vec512 s) => new(Vector512.CopySign(m.Value, s.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vec512 a) => Vector512.Sum(a.Value);
}
