using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The activations <c>x = f(u)</c> and their derivatives written in terms of the OUTPUT <c>x</c>,
/// so the backward pass needs only the stored activations (no pre-activation buffer).
/// </summary>
public static partial class Activations
{
    /// <summary>LeCun's scaled tanh amplitude A in <c>A tanh(B u)</c>.</summary>
    public const float ScaledTanhA = 1.7159f;
    /// <summary>LeCun's scaled tanh slope B = 2/3.</summary>
    public const float ScaledTanhB = 2f / 3f;

    /// <summary>
    /// e^x in float arithmetic, for the activations: x = n ln2 + r with |r| &lt;= ln2/2, e^r by its Taylor series to r^7
    /// (truncation below 1e-8 relative), times 2^n from the exponent bits. x is clamped to [-87, 88], where 2^n is a
    /// normal float; below -87 the result (about 1.6e-38) stands in for 0, which tanh and sigmoid cannot tell apart.
    /// Several times cheaper than the BCL's vector Exp, which works in double precision.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Exp<V>(V x) where V : unmanaged, IVec<V>
    {
        x = V.Max(V.Create(-87f), V.Min(x, V.Create(88f)));
        V n = V.Round(x * V.Create(1.44269504f));                // x / ln 2
        // r = x - n ln2, with ln2 split in a part exact in float and a small correction (Cody and Waite).
        V r = V.MultiplyAdd(n, V.Create(-0.693359375f), x);
        r = V.MultiplyAdd(n, V.Create(2.12194440e-4f), r);
        V p = V.Create(1f / 5040);
        p = V.MultiplyAdd(p, r, V.Create(1f / 720));
        p = V.MultiplyAdd(p, r, V.Create(1f / 120));
        p = V.MultiplyAdd(p, r, V.Create(1f / 24));
        p = V.MultiplyAdd(p, r, V.Create(1f / 6));
        p = V.MultiplyAdd(p, r, V.Create(0.5f));
        p = V.MultiplyAdd(p, r, V.Create(1f));
        p = V.MultiplyAdd(p, r, V.Create(1f));
        return p * V.PowerOfTwo(n);
    }

    /// <summary>
    /// tanh(u) = x P(x^2) / Q(x^2) with x = u clamped to [-9, 9] (beyond, tanh rounds to +-1 in float): a rational
    /// approximation (P degree 6, Q degree 3 in x^2) fitted for this project by iterated weighted least squares
    /// toward the minimax relative error (tanh_fit.py beside this file), 6.6e-9 in exact arithmetic over [0, 9], so
    /// float rounding dominates (about 3e-7 relative in a float simulation; odd, and exact at 0). 17
    /// operations, no exp, and the division is a reciprocal (estimate and one Newton step) of Q in [1, 334].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Tanh<V>(V u) where V : unmanaged, IVec<V>
    {
        V x = V.Max(V.Create(-9f), V.Min(u, V.Create(9f)));
        V s = x * x;
        V p = V.Create(-8.4889841240708483e-14f);
        p = V.MultiplyAdd(p, s, V.Create(5.2780652628095252e-11f));
        p = V.MultiplyAdd(p, s, V.Create(-2.0225491134711005e-8f));
        p = V.MultiplyAdd(p, s, V.Create(1.1154378833045056e-5f));
        p = V.MultiplyAdd(p, s, V.Create(0.0031039633003851665f));
        p = V.MultiplyAdd(p, s, V.Create(0.1308401656116684f));
        p = V.MultiplyAdd(p, s, V.Create(0.99999999341593473f));
        V q = V.Create(0.00025461553289517357f);
        q = V.MultiplyAdd(q, s, V.Create(0.024495206971306849f));
        q = V.MultiplyAdd(q, s, V.Create(0.46417343671009908f));
        q = V.MultiplyAdd(q, s, V.Create(1f));
        return x * p * V.Reciprocal(q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ScaledTanh<V>(V u) where V : unmanaged, IVec<V> =>
        V.Create(ScaledTanhA) * Tanh(V.Create(ScaledTanhB) * u);

    /// <summary>1 / (1 + e^-u); e^-u saturates at e^88 for very negative u, which gives about 1e-38 (or 0) for the limit 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sigmoid<V>(V u) where V : unmanaged, IVec<V>
    {
        V one = V.Create(1f);
        return V.Reciprocal(one + Exp(V.Zero - u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ReLU<V>(V u) where V : unmanaged, IVec<V> => V.Max(u, V.Zero);

    /// <summary>d tanh / du = 1 - x^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V TanhDerivative<V>(V x) where V : unmanaged, IVec<V> => V.Create(1f) - x * x;

    /// <summary>d (A tanh(B u)) / du = B (A - x^2 / A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ScaledTanhDerivative<V>(V x) where V : unmanaged, IVec<V> =>
        V.Create(ScaledTanhB) * (V.Create(ScaledTanhA) - x * x * V.Create(1f / ScaledTanhA));

    /// <summary>d sigmoid / du = x (1 - x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V SigmoidDerivative<V>(V x) where V : unmanaged, IVec<V> => x * (V.Create(1f) - x);

    /// <summary>d relu / du = 1 where x &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ReLUDerivative<V>(V x) where V : unmanaged, IVec<V> => V.SelectGreater(x, V.Zero, V.Create(1f), V.Zero);
}
