using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The smooth activations of today's small CNNs (ELU family, Softplus, GELU, SiLU, Mish) and the special functions they
/// need (expm1, log1p, erf). Semantics are PyTorch's (torch.nn.functional, float32 CPU kernels) and the ONNX operator
/// specification's. A derivative named <c>XDerivative(x)</c> takes the OUTPUT x (the function is invertible, so a fused
/// layer needs no pre-activation); <c>XInputDerivative(u)</c> takes the INPUT u (GELU, SiLU and Mish are not monotonic).
/// Accuracies measured against double by LaneProperties.Activations_match_double_on_every_lane_type.
/// </summary>
public static partial class Activations
{
    /// <summary>SELU's alpha and scale (Klambauer et al.; PyTorch's and ONNX's constants).</summary>
    public const float SeluAlpha = 1.67326319217681884765625f, SeluScale = 1.05070102214813232421875f;
    /// <summary>Softplus's threshold: above it PyTorch returns u itself (log1p(e^u) = u in float there).</summary>
    public const float SoftplusThreshold = 20f;
    private const float SqrtHalf = 0.70710678118654752f, InvSqrt2Pi = 0.39894228040143268f, SqrtTwoOverPi = 0.79788456080286536f;
    private const float GeluKappa = 0.044715f;

    /// <summary>
    /// e^u - 1 without the cancellation of Exp(u) - 1 near 0: for |u| &lt; ln2/2 its Taylor series to u^8 (truncation
    /// below 1e-9 relative), else Exp(u) - 1 (at most 3 ulps of e^u over a result at least 0.29 in magnitude).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Expm1<V>(V u) where V : unmanaged, IVec<V>
    {
        V p = V.Create(1f / 40320);
        p = V.MultiplyAdd(p, u, V.Create(1f / 5040));
        p = V.MultiplyAdd(p, u, V.Create(1f / 720));
        p = V.MultiplyAdd(p, u, V.Create(1f / 120));
        p = V.MultiplyAdd(p, u, V.Create(1f / 24));
        p = V.MultiplyAdd(p, u, V.Create(1f / 6));
        p = V.MultiplyAdd(p, u, V.Create(0.5f));
        V small = V.MultiplyAdd(p * u, u, u);
        return V.SelectGreater(V.Abs(u), V.Create(0.34657359f), Exp(u) - V.Create(1f), small);
    }

    /// <summary>
    /// ln(1 + y) for y &gt;= 0 to a few ulps: w = 1 + y rounds, and ln(w) y / (w - 1) corrects the rounding (Goldberg's
    /// identity); where w rounds to 1, ln(1 + y) = y in float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Log1p<V>(V y) where V : unmanaged, IVec<V>
    {
        V w = V.Create(1f) + y;
        V d = w - V.Create(1f);
        // d is 0 only where w rounded to 1; then y is returned (the division's NaN is not selected).
        return V.SelectEqual(d, V.Zero, y, V.Log(w) * y / V.Max(d, V.Create(float.Epsilon)));
    }

    /// <summary>
    /// erf(x) = x P(x^2) / Q(x^2) with x clamped to [-4, 4] (beyond, erf rounds to +-1 in float): a rational approximation
    /// (P degree 7, Q degree 4 in x^2) fitted for this project like Tanh (erf_fit.py beside this file, "python3 erf_fit.py
    /// 7 4"): 1.2e-8 relative in exact arithmetic over [0, 4], so float rounding dominates. Odd, and exact at 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Erf<V>(V u) where V : unmanaged, IVec<V>
    {
        V x = V.Max(V.Create(-4f), V.Min(u, V.Create(4f)));
        V s = x * x;
        V p = V.Create(-7.7367007761157195e-10f);
        p = V.MultiplyAdd(p, s, V.Create(7.66943766213187e-8f));
        p = V.MultiplyAdd(p, s, V.Create(-3.5583378414538613e-6f));
        p = V.MultiplyAdd(p, s, V.Create(0.00013545162055004554f));
        p = V.MultiplyAdd(p, s, V.Create(0.0017037049020292964f));
        p = V.MultiplyAdd(p, s, V.Create(0.044616861447240363f));
        p = V.MultiplyAdd(p, s, V.Create(0.14450175165403774f));
        p = V.MultiplyAdd(p, s, V.Create(1.1283791535723468f));
        V q = V.Create(0.00057743414984690348f);
        q = V.MultiplyAdd(q, s, V.Create(0.010288496039109844f));
        q = V.MultiplyAdd(q, s, V.Create(0.09334107869883696f));
        q = V.MultiplyAdd(q, s, V.Create(0.46139426363058234f));
        q = V.MultiplyAdd(q, s, V.Create(1f));
        V r = x * p * V.Reciprocal(q);
        // Beyond |u| = 3.92, erf rounds to +-1 in float (erfc(3.92) < 2^-25); the rational's last bit depends on the
        // reciprocal estimate (ARM's frecpe differs from x64's rcpps), and GELU multiplies 1 + erf by u: saturate exactly.
        return V.SelectGreater(u, V.Create(3.92f), V.Create(1f), V.SelectGreater(V.Create(-3.92f), u, V.Create(-1f), r));
    }

    /// <summary>PyTorch's ELU(alpha), ONNX's Elu: u for u &gt; 0, else alpha (e^u - 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Elu<V>(V u, float alpha) where V : unmanaged, IVec<V> =>
        V.SelectGreater(u, V.Zero, u, V.Create(alpha) * Expm1(u));

    /// <summary>ELU with PyTorch's default alpha = 1 (the fused form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Elu<V>(V u) where V : unmanaged, IVec<V> => Elu(u, 1f);

    /// <summary>d ELU / du from the output x: 1 where x &gt; 0, else x + alpha (= alpha e^u; alpha &gt; 0). At u = 0, alpha, as PyTorch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V EluDerivative<V>(V x, float alpha) where V : unmanaged, IVec<V> =>
        V.SelectGreater(x, V.Zero, V.Create(1f), x + V.Create(alpha));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V EluDerivative<V>(V x) where V : unmanaged, IVec<V> => EluDerivative(x, 1f);

    /// <summary>PyTorch's CELU(alpha), ONNX's Celu: u for u &gt; 0, else alpha (e^(u/alpha) - 1), alpha &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Celu<V>(V u, float alpha) where V : unmanaged, IVec<V> =>
        V.SelectGreater(u, V.Zero, u, V.Create(alpha) * Expm1(u * V.Create(1f / alpha)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Celu<V>(V u) where V : unmanaged, IVec<V> => Celu(u, 1f);

    /// <summary>d CELU / du from the output x: 1 where x &gt; 0, else x / alpha + 1 (= e^(u/alpha)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V CeluDerivative<V>(V x, float alpha) where V : unmanaged, IVec<V> =>
        V.SelectGreater(x, V.Zero, V.Create(1f), V.MultiplyAdd(x, V.Create(1f / alpha), V.Create(1f)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V CeluDerivative<V>(V x) where V : unmanaged, IVec<V> => CeluDerivative(x, 1f);

    /// <summary>PyTorch's SELU, ONNX's Selu: scale u for u &gt; 0, else scale alpha (e^u - 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Selu<V>(V u) where V : unmanaged, IVec<V> => V.Create(SeluScale) * Elu(u, SeluAlpha);

    /// <summary>d SELU / du from the output x: scale where x &gt; 0, else x + scale alpha.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V SeluDerivative<V>(V x) where V : unmanaged, IVec<V> =>
        V.SelectGreater(x, V.Zero, V.Create(SeluScale), x + V.Create(SeluScale * SeluAlpha));

    /// <summary>
    /// PyTorch's Softplus(beta = 1, threshold = 20): u where u &gt; 20, else ln(1 + e^u). ONNX's Softplus has no threshold;
    /// above 20 the two differ by less than 2.1e-9 (below float's resolution of u).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Softplus<V>(V u) where V : unmanaged, IVec<V> =>
        V.SelectGreater(u, V.Create(SoftplusThreshold), u, Log1p(Exp(V.Min(u, V.Create(SoftplusThreshold)))));

    /// <summary>d softplus / du = sigmoid(u) = 1 - e^-x from the output x (1 beyond the threshold, as PyTorch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V SoftplusDerivative<V>(V x) where V : unmanaged, IVec<V> =>
        V.SelectGreater(x, V.Create(SoftplusThreshold), V.Create(1f), V.Zero - Expm1(V.Zero - x));

    /// <summary>PyTorch's GELU(approximate='none'): u Phi(u) = u (1 + erf(u / sqrt 2)) / 2. ONNX (opset 13) has no Gelu: exported as that formula with Erf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Gelu<V>(V u) where V : unmanaged, IVec<V> =>
        V.Create(0.5f) * u * (V.Create(1f) + Erf(u * V.Create(SqrtHalf)));

    /// <summary>d GELU / du = Phi(u) + u phi(u), from the input u (PyTorch's GeluBackward).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V GeluInputDerivative<V>(V u) where V : unmanaged, IVec<V>
    {
        V cdf = V.Create(0.5f) * (V.Create(1f) + Erf(u * V.Create(SqrtHalf)));
        V pdf = V.Create(InvSqrt2Pi) * Exp(V.Create(-0.5f) * u * u);
        return V.MultiplyAdd(u, pdf, cdf);
    }

    /// <summary>
    /// PyTorch's GELU(approximate='tanh'): u (1 + tanh(z)) / 2 with z = sqrt(2/pi) (u + 0.044715 u^3), computed as
    /// u sigmoid(2z) (the same number: (1 + tanh z) / 2 = sigmoid(2z)), which keeps the negative tail's relative accuracy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V GeluTanh<V>(V u) where V : unmanaged, IVec<V> => u * Sigmoid(GeluTanhTwoZ(u));

    /// <summary>2z = 2 sqrt(2/pi) (u + 0.044715 u^3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V GeluTanhTwoZ<V>(V u) where V : unmanaged, IVec<V> =>
        V.Create(2 * SqrtTwoOverPi) * V.MultiplyAdd(V.Create(GeluKappa) * u * u, u, u);

    /// <summary>
    /// d GELU(tanh) / du from the input u, PyTorch's (1 + t)/2 + u/2 (1 - t^2) sqrt(2/pi) (1 + 3 0.044715 u^2) with
    /// t = tanh z written through s = sigmoid(2z): (1 + t)/2 = s and 1 - t^2 = 4 s (1 - s), 1 - s = e^-2z s (no cancellation).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V GeluTanhInputDerivative<V>(V u) where V : unmanaged, IVec<V>
    {
        V e = Exp(V.Zero - GeluTanhTwoZ(u));
        V s = V.Reciprocal(V.Create(1f) + e);
        V inner = V.Create(2 * SqrtTwoOverPi) * V.MultiplyAdd(V.Create(3 * GeluKappa), u * u, V.Create(1f));
        return V.MultiplyAdd(u * s * (e * s), inner, s);
    }

    /// <summary>PyTorch's SiLU (Swish with beta 1): u sigmoid(u). ONNX (opset 13): Mul(u, Sigmoid(u)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Silu<V>(V u) where V : unmanaged, IVec<V> => u * Sigmoid(u);

    /// <summary>d SiLU / du = s (1 + u (1 - s)), s = sigmoid(u) = 1 / (1 + e^-u), from the input u; 1 - s = e^-u s (no cancellation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V SiluInputDerivative<V>(V u) where V : unmanaged, IVec<V>
    {
        V e = Exp(V.Zero - u);
        V s = V.Reciprocal(V.Create(1f) + e);
        return s * V.MultiplyAdd(u, e * s, V.Create(1f));
    }

    /// <summary>
    /// tanh(ln(1 + e^u)) = n / (n + 2) with n = e^u (e^u + 2): no logarithm, and no cancellation for negative u; also
    /// 1 - tanh = 2 / (n + 2), with none for positive u. u is clamped at 20, where the ratio is 1 in float.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V TanhSoftplus<V>(V u, out V oneMinus) where V : unmanaged, IVec<V>
    {
        V e = Exp(V.Min(u, V.Create(20f)));
        V n = e * (e + V.Create(2f));
        V r = V.Create(1f) / (n + V.Create(2f));
        oneMinus = V.Create(2f) * r;
        return n * r;
    }

    /// <summary>PyTorch's Mish: u tanh(softplus(u)) (softplus without threshold there). ONNX (opset 13): Mul(u, Tanh(Softplus(u))).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Mish<V>(V u) where V : unmanaged, IVec<V> => u * TanhSoftplus(u, out _);

    /// <summary>d Mish / du = t + u sigmoid(u) (1 - t^2), t = tanh(softplus(u)), from the input u (PyTorch's mish_backward).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V MishInputDerivative<V>(V u) where V : unmanaged, IVec<V>
    {
        V t = TanhSoftplus(u, out V oneMinus);
        return V.MultiplyAdd(u * Sigmoid(u), oneMinus * (V.Create(1f) + t), t);
    }
}
