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

    /// <summary>y = softmax(x), shifted by max(x) so e^x cannot overflow.</summary>
    public static void Softmax<V>(ref float x, ref float y, int n) where V : unmanaged, IVec<V>
    {
        float max = float.NegativeInfinity;
        for (int j = 0; j < n; j++) max = MathF.Max(max, Unsafe.Add(ref x, j));
        V shift = V.Create(max);
        int i = 0;
        for (; i <= n - V.Count; i += V.Count)
            V.Store(V.Exp(V.Load(ref Unsafe.Add(ref x, i)) - shift), ref Unsafe.Add(ref y, i));
        for (; i < n; i++) Unsafe.Add(ref y, i) = MathF.Exp(Unsafe.Add(ref x, i) - max);
        float scale = 1f / Sum<V>(ref y, n);
        V s = V.Create(scale);
        i = 0;
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
}
