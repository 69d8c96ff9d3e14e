using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>One float: the scalar path, and the reference the vector paths must agree with.</summary>
public readonly struct Scalar(float value) : IVec<Scalar>
{
    public readonly float Value = value;

    public static int Count => 1;
    public static Scalar Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Create(float value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Load(ref float source) => new(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar LoadStrided(ref float source, int stride) => new(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Scalar value, ref float destination) => destination = value.Value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(ref float source, out Scalar even, out Scalar odd)
    {
        even = new(source);
        odd = new(Unsafe.Add(ref source, 1));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreInterleaved(Scalar even, Scalar odd, ref float destination)
    {
        destination = even.Value;
        Unsafe.Add(ref destination, 1) = odd.Value;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreStrided(Scalar value, ref float destination, int stride) => destination = value.Value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar LoadEven(ref float source) => new(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreEven(Scalar value, ref float destination) => destination = value.Value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar operator +(Scalar a, Scalar b) => new(a.Value + b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar operator -(Scalar a, Scalar b) => new(a.Value - b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar operator *(Scalar a, Scalar b) => new(a.Value * b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar operator /(Scalar a, Scalar b) => new(a.Value / b.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Reciprocal(Scalar a) => new(1f / a.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar MultiplyAdd(Scalar a, Scalar b, Scalar c) => new(MathF.FusedMultiplyAdd(a.Value, b.Value, c.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Max(Scalar a, Scalar b) => new(MathF.Max(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Min(Scalar a, Scalar b) => new(MathF.Min(a.Value, b.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Abs(Scalar a) => new(MathF.Abs(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Exp(Scalar a) => new(MathF.Exp(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Log(Scalar a) => new(MathF.Log(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar Round(Scalar a) => new(MathF.Round(a.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar PowerOfTwo(Scalar n) => new(BitConverter.Int32BitsToSingle(((int)n.Value + 127) << 23));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar SelectGreater(Scalar a, Scalar b, Scalar t, Scalar f) => a.Value > b.Value ? t : f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar SelectEqual(Scalar a, Scalar b, Scalar t, Scalar f) => a.Value == b.Value ? t : f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Scalar CopySign(Scalar m, Scalar s) => new(MathF.CopySign(m.Value, s.Value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Scalar a) => a.Value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSums4(Scalar a, Scalar b, Scalar c, Scalar d, ref float destination)
    {
        destination += a.Value;
        Unsafe.Add(ref destination, 1) += b.Value;
        Unsafe.Add(ref destination, 2) += c.Value;
        Unsafe.Add(ref destination, 3) += d.Value;
    }
}
