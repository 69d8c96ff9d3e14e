using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// Vector primitives over contiguous floats (BLAS level 1 and softmax), generic over the lane type so one
/// body serves every ISA path. Each loop is a vector body over V.Count floats and a scalar tail.
/// </summary>
public static class Vectors
{
    /// <summary>sum of x[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum<V>(ref float x, int n) where V : unmanaged, IVec<V>
    {
        V acc = V.Zero;
        int i = 0;
        for (; i <= n - V.Count; i += V.Count) acc += V.Load(ref Unsafe.Add(ref x, i));
        float sum = V.Sum(acc);
        for (; i < n; i++) sum += Unsafe.Add(ref x, i);
        return sum;
    }

    /// <summary>sum of a[i] * b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot<V>(ref float a, ref float b, int n) where V : unmanaged, IVec<V>
    {
        V acc = V.Zero;
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            acc = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref a, i)), V.Load(ref Unsafe.Add(ref b, i)), acc);
        float sum = V.Sum(acc);
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        return sum;
    }

    /// <summary>
    /// Four dot products of consecutive rows w[r*stride ..] with x at once: x is loaded once per four FMAs, and the
    /// four accumulators hide the FMA latency that limits a single dot product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dot4<V>(ref float w, int stride, ref float x, int n, out float s0, out float s1, out float s2, out float s3)
        where V : unmanaged, IVec<V>
    {
        ref float w1 = ref Unsafe.Add(ref w, stride);
        ref float w2 = ref Unsafe.Add(ref w, 2 * stride);
        ref float w3 = ref Unsafe.Add(ref w, 3 * stride);
        V a0 = V.Zero, a1 = V.Zero, a2 = V.Zero, a3 = V.Zero;
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
        {
            V xv = V.Load(ref Unsafe.Add(ref x, i));
            a0 = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref w, i)), xv, a0);
            a1 = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref w1, i)), xv, a1);
            a2 = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref w2, i)), xv, a2);
            a3 = V.MultiplyAdd(V.Load(ref Unsafe.Add(ref w3, i)), xv, a3);
        }
        s0 = V.Sum(a0); s1 = V.Sum(a1); s2 = V.Sum(a2); s3 = V.Sum(a3);
        if (V.Count > 8 && i <= n - 8)
        {
            // Eight more in half a wide vector (120 = 7 x 16 + 8 inputs would otherwise leave 8 scalar steps).
            Vec256 xv = Vec256.Load(ref Unsafe.Add(ref x, i));
            s0 += Vec256.Sum(Vec256.Load(ref Unsafe.Add(ref w, i)) * xv);
            s1 += Vec256.Sum(Vec256.Load(ref Unsafe.Add(ref w1, i)) * xv);
            s2 += Vec256.Sum(Vec256.Load(ref Unsafe.Add(ref w2, i)) * xv);
            s3 += Vec256.Sum(Vec256.Load(ref Unsafe.Add(ref w3, i)) * xv);
            i += 8;
        }
        for (; i < n; i++)
        {
            float xi = Unsafe.Add(ref x, i);
            s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w, i), xi, s0);
            s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w1, i), xi, s1);
            s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w2, i), xi, s2);
            s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref w3, i), xi, s3);
        }
    }

    /// <summary>y[i] += c0 * r0[i] + c1 * r1[i] + c2 * r2[i] + c3 * r3[i] for four consecutive rows r = w[k*stride ..].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled4<V>(ref float y, ref float w, int stride, float c0, float c1, float c2, float c3, int n)
        where V : unmanaged, IVec<V>
    {
        ref float w1 = ref Unsafe.Add(ref w, stride);
        ref float w2 = ref Unsafe.Add(ref w, 2 * stride);
        ref float w3 = ref Unsafe.Add(ref w, 3 * stride);
        V v0 = V.Create(c0), v1 = V.Create(c1), v2 = V.Create(c2), v3 = V.Create(c3);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
        {
            V acc = V.Load(ref Unsafe.Add(ref y, i));
            acc = V.MultiplyAdd(v0, V.Load(ref Unsafe.Add(ref w, i)), acc);
            acc = V.MultiplyAdd(v1, V.Load(ref Unsafe.Add(ref w1, i)), acc);
            acc = V.MultiplyAdd(v2, V.Load(ref Unsafe.Add(ref w2, i)), acc);
            acc = V.MultiplyAdd(v3, V.Load(ref Unsafe.Add(ref w3, i)), acc);
            V.Store(acc, ref Unsafe.Add(ref y, i));
        }
        for (; i < n; i++)
        {
            float acc = Unsafe.Add(ref y, i);
            acc = MathF.FusedMultiplyAdd(c0, Unsafe.Add(ref w, i), acc);
            acc = MathF.FusedMultiplyAdd(c1, Unsafe.Add(ref w1, i), acc);
            acc = MathF.FusedMultiplyAdd(c2, Unsafe.Add(ref w2, i), acc);
            acc = MathF.FusedMultiplyAdd(c3, Unsafe.Add(ref w3, i), acc);
            Unsafe.Add(ref y, i) = acc;
        }
    }

    /// <summary>y[i] += scale * x[i] (axpy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<V>(ref float y, ref float x, float scale, int n) where V : unmanaged, IVec<V>
    {
        V s = V.Create(scale);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(V.MultiplyAdd(s, V.Load(ref Unsafe.Add(ref x, i)), V.Load(ref Unsafe.Add(ref y, i))), ref Unsafe.Add(ref y, i));
        for (; i < n; i++) Unsafe.Add(ref y, i) = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref x, i), Unsafe.Add(ref y, i));
    }

    /// <summary>sum of (x[i] - w[i])^2: one Euclidean RBF unit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredDistance<V>(ref float x, ref float w, int n) where V : unmanaged, IVec<V>
    {
        V acc = V.Zero;
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
        {
            V d = V.Load(ref Unsafe.Add(ref x, i)) - V.Load(ref Unsafe.Add(ref w, i));
            acc = V.MultiplyAdd(d, d, acc);
        }
        float sum = V.Sum(acc);
        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref x, i) - Unsafe.Add(ref w, i);
            sum = MathF.FusedMultiplyAdd(d, d, sum);
        }
        return sum;
    }

    /// <summary>y[i] += scale * (x[i] - w[i]): the RBF gradient with respect to x (scale 2g) or w (scale -2g).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaledDifference<V>(ref float y, ref float x, ref float w, float scale, int n) where V : unmanaged, IVec<V>
    {
        V s = V.Create(scale);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
        {
            V d = V.Load(ref Unsafe.Add(ref x, i)) - V.Load(ref Unsafe.Add(ref w, i));
            V.Store(V.MultiplyAdd(s, d, V.Load(ref Unsafe.Add(ref y, i))), ref Unsafe.Add(ref y, i));
        }
        for (; i < n; i++)
            Unsafe.Add(ref y, i) = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref x, i) - Unsafe.Add(ref w, i), Unsafe.Add(ref y, i));
    }

    /// <summary>y = e^(x - max(x)), which cannot overflow; returns max(x).</summary>
    private static float ShiftedExp<V>(ref float x, ref float y, int n) where V : unmanaged, IVec<V>
    {
        float max = float.NegativeInfinity;
        for (int j = 0; j < n; j++) max = MathF.Max(max, Unsafe.Add(ref x, j));
        V shift = V.Create(max);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(V.Exp(V.Load(ref Unsafe.Add(ref x, i)) - shift), ref Unsafe.Add(ref y, i));
        for (; i < n; i++) Unsafe.Add(ref y, i) = MathF.Exp(Unsafe.Add(ref x, i) - max);
        return max;
    }

    /// <summary>y = softmax(x), shifted by max(x) so e^x cannot overflow.</summary>
    public static void Softmax<V>(ref float x, ref float y, int n) where V : unmanaged, IVec<V>
    {
        ShiftedExp<V>(ref x, ref y, n);
        float scale = 1f / Sum<V>(ref y, n);
        V s = V.Create(scale);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(V.Load(ref Unsafe.Add(ref y, i)) * s, ref Unsafe.Add(ref y, i));
        for (; i < n; i++) Unsafe.Add(ref y, i) *= scale;
    }

    /// <summary>dx = y * (dy - sum(dy * y)): the softmax Jacobian applied to dy.</summary>
    public static void SoftmaxBackward<V>(ref float y, ref float dy, ref float dx, int n) where V : unmanaged, IVec<V>
    {
        float d = Dot<V>(ref dy, ref y, n);
        V dot = V.Create(d);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(V.Load(ref Unsafe.Add(ref y, i)) * (V.Load(ref Unsafe.Add(ref dy, i)) - dot), ref Unsafe.Add(ref dx, i));
        for (; i < n; i++) Unsafe.Add(ref dx, i) = Unsafe.Add(ref y, i) * (Unsafe.Add(ref dy, i) - d);
    }

    /// <summary>
    /// y = log_softmax(x) = x - max(x) - log(sum e^(x - max(x))), as PyTorch's log_softmax and ONNX's LogSoftmax (axis 1
    /// of [N, n]): the shift keeps e^x from overflowing, and subtracting the log of the sum (in [1, n]) keeps y exact where
    /// softmax followed by a log would round small probabilities to 0 (-infinity).
    /// </summary>
    public static void LogSoftmax<V>(ref float x, ref float y, int n) where V : unmanaged, IVec<V>
    {
        float offset = ShiftedExp<V>(ref x, ref y, n) + MathF.Log(Sum<V>(ref y, n));
        V o = V.Create(offset);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(V.Load(ref Unsafe.Add(ref x, i)) - o, ref Unsafe.Add(ref y, i));
        for (; i < n; i++) Unsafe.Add(ref y, i) = Unsafe.Add(ref x, i) - offset;
    }

    /// <summary>dx = dy - e^y * sum(dy): the log-softmax Jacobian applied to dy (e^y is the softmax).</summary>
    public static void LogSoftmaxBackward<V>(ref float y, ref float dy, ref float dx, int n) where V : unmanaged, IVec<V>
    {
        float total = Sum<V>(ref dy, n);
        V t = V.Create(total);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(V.Load(ref Unsafe.Add(ref dy, i)) - V.Exp(V.Load(ref Unsafe.Add(ref y, i))) * t, ref Unsafe.Add(ref dx, i));
        for (; i < n; i++) Unsafe.Add(ref dx, i) = Unsafe.Add(ref dy, i) - MathF.Exp(Unsafe.Add(ref y, i)) * total;
    }
}
