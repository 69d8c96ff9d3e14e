using System.Runtime.CompilerServices;

namespace NetGen.Kernels;

/// <summary>
/// The piecewise activations (leaky and parametric ReLU, ReLU6, the hard sigmoid and swish) and Softsign, with PyTorch's
/// semantics (float32 CPU kernels: the same operations in the same order, so the results are PyTorch's to the bit where
/// no approximation is involved) and the ONNX operator specification's. Derivatives follow PyTorch's backward kernels,
/// boundaries included; <c>XDerivative(x)</c> takes the output, <c>XInputDerivative(u)</c> the input.
/// </summary>
public static partial class Activations
{
    /// <summary>PyTorch's default LeakyReLU slope (the fused form).</summary>
    public const float LeakyReluSlope = 0.01f;

    /// <summary>PyTorch's LeakyReLU(negative_slope), ONNX's LeakyRelu(alpha): u for u &gt; 0, else slope u. Also PReLU with the channel's slope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V LeakyRelu<V>(V u, float slope) where V : unmanaged, IVec<V> => V.SelectGreater(u, V.Zero, u, u * V.Create(slope));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V LeakyRelu<V>(V u) where V : unmanaged, IVec<V> => LeakyRelu(u, LeakyReluSlope);

    /// <summary>d leaky ReLU / du from the input u: 1 where u &gt; 0, else slope (any slope; PReLU's too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V LeakyReluInputDerivative<V>(V u, float slope) where V : unmanaged, IVec<V> =>
        V.SelectGreater(u, V.Zero, V.Create(1f), V.Create(slope));

    /// <summary>d leaky ReLU / du from the output x (slope 0.01 &gt; 0, so x &gt; 0 exactly where u &gt; 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V LeakyReluDerivative<V>(V x) where V : unmanaged, IVec<V> => LeakyReluInputDerivative(x, LeakyReluSlope);

    /// <summary>PyTorch's ReLU6 = hardtanh(u, 0, 6), ONNX's Clip(u, 0, 6): min(max(u, 0), 6).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Relu6<V>(V u) where V : unmanaged, IVec<V> => V.Min(V.Max(u, V.Zero), V.Create(6f));

    /// <summary>d ReLU6 / du from the output x: 1 where 0 &lt; x &lt; 6, else 0 (PyTorch's hardtanh_backward: 0 at both kinks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Relu6Derivative<V>(V x) where V : unmanaged, IVec<V> =>
        V.SelectGreater(x, V.Zero, V.SelectGreater(V.Create(6f), x, V.Create(1f), V.Zero), V.Zero);

    /// <summary>
    /// PyTorch's Hardsigmoid: relu6(u + 3) / 6. ONNX's HardSigmoid(alpha, beta) = max(0, min(1, alpha u + beta)) with
    /// defaults alpha 0.2, beta 0.5 is a different function: exported with alpha = 1/6, beta = 0.5.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Hardsigmoid<V>(V u) where V : unmanaged, IVec<V> =>
        V.Min(V.Max(u + V.Create(3f), V.Zero), V.Create(6f)) / V.Create(6f);

    /// <summary>d hard sigmoid / du from the output x: 1/6 where 0 &lt; x &lt; 1 (-3 &lt; u &lt; 3), else 0, as PyTorch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V HardsigmoidDerivative<V>(V x) where V : unmanaged, IVec<V> =>
        V.SelectGreater(x, V.Zero, V.SelectGreater(V.Create(1f), x, V.Create(1f / 6f), V.Zero), V.Zero);

    /// <summary>PyTorch's Hardswish: u relu6(u + 3) / 6. ONNX (opset 13, before HardSwish): Mul(u, HardSigmoid(u, 1/6, 0.5)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Hardswish<V>(V u) where V : unmanaged, IVec<V> =>
        u * V.Min(V.Max(u + V.Create(3f), V.Zero), V.Create(6f)) / V.Create(6f);

    /// <summary>d hard swish / du from the input u, as PyTorch's hardswish_backward: 0 below -3, u/3 + 1/2 up to 3 (inclusive), 1 above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V HardswishInputDerivative<V>(V u) where V : unmanaged, IVec<V>
    {
        V middle = u / V.Create(3f) + V.Create(0.5f);
        V upper = V.SelectGreater(u, V.Create(3f), V.Create(1f), middle);
        return V.SelectGreater(V.Create(-3f), u, V.Zero, upper);
    }

    /// <summary>PyTorch's Softsign, ONNX's Softsign: u / (1 + |u|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V Softsign<V>(V u) where V : unmanaged, IVec<V> => u / (V.Create(1f) + V.Abs(u));

    /// <summary>d softsign / du = 1 / (1 + |u|)^2 = (1 - |x|)^2 from the output x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V SoftsignDerivative<V>(V x) where V : unmanaged, IVec<V>
    {
        V r = V.Create(1f) - V.Abs(x);
        return r * r;
    }
}
