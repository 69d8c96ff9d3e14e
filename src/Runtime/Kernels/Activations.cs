using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The activations <c>x = f(u)</c> and their derivatives written in terms of the OUTPUT <c>x</c>,
/// so the backward pass needs only the stored activations (no pre-activation buffer).
/// </summary>
public static class Activations
{
    /// <summary>LeCun's scaled tanh amplitude A in <c>A tanh(B u)</c>.</summary>
    public const float ScaledTanhA = 1.7159f;
    /// <summary>LeCun's scaled tanh slope B = 2/3.</summary>
    public const float ScaledTanhB = 2f / 3f;

    /// <summary>tanh via one exp: tanh|u| = (1 - e^(-2|u|)) / (1 + e^(-2|u|)), sign restored. Never overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Tanh<V>(V u) where V : unmanaged, IVec<V>
    {
        V e = V.Exp(V.Create(-2f) * V.Abs(u));
        V one = V.Create(1f);
        return V.CopySign((one - e) / (one + e), u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V ScaledTanh<V>(V u) where V : unmanaged, IVec<V> =>
        V.Create(ScaledTanhA) * Tanh(V.Create(ScaledTanhB) * u);

    /// <summary>1 / (1 + e^-u); e^-u may overflow to +inf, which gives the correct limit 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Sigmoid<V>(V u) where V : unmanaged, IVec<V>
    {
        V one = V.Create(1f);
        return one / (one + V.Exp(V.Zero - u));
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
