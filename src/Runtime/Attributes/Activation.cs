namespace NetGen;

/// <summary>The activation <c>f</c> applied to a layer's weighted sum <c>u</c>: <c>x = f(u)</c>.</summary>
public enum Activation
{
    /// <summary><c>f(u) = u</c>.</summary>
    Identity = 0,
    /// <summary><c>f(u) = 1 / (1 + e^-u)</c>.</summary>
    Sigmoid = 1,
    /// <summary><c>f(u) = tanh(u)</c>.</summary>
    Tanh = 2,
    /// <summary>LeCun's <c>f(u) = 1.7159 tanh(2u/3)</c>.</summary>
    ScaledTanh = 3,
    /// <summary><c>f(u) = max(0, u)</c>.</summary>
    ReLU = 4,
    /// <summary>
    /// PyTorch's LeakyReLU, ONNX's LeakyRelu: <c>u</c> for u &gt; 0, else <c>slope u</c>; slope 0.01 when fused, else
    /// <see cref="ActivationAttribute.Slope"/>.
    /// </summary>
    LeakyRelu = 5,
    /// <summary>PyTorch's ELU, ONNX's Elu: <c>u</c> for u &gt; 0, else <c>alpha (e^u - 1)</c>; alpha 1 when fused, else <see cref="ActivationAttribute.Alpha"/>.</summary>
    Elu = 6,
    /// <summary>PyTorch's SELU, ONNX's Selu: <c>scale ELU(u, alpha)</c> with alpha 1.6732632, scale 1.0507010.</summary>
    Selu = 7,
    /// <summary>PyTorch's CELU, ONNX's Celu: <c>u</c> for u &gt; 0, else <c>alpha (e^(u/alpha) - 1)</c>; alpha 1 when fused.</summary>
    Celu = 8,
    /// <summary>PyTorch's Softplus (beta 1, threshold 20), ONNX's Softplus: <c>ln(1 + e^u)</c>, and <c>u</c> above 20.</summary>
    Softplus = 9,
    /// <summary>PyTorch's and ONNX's Softsign: <c>u / (1 + |u|)</c>.</summary>
    Softsign = 10,
    /// <summary>PyTorch's ReLU6, ONNX's Clip(0, 6): <c>min(max(u, 0), 6)</c>.</summary>
    Relu6 = 11,
    /// <summary>PyTorch's Hardsigmoid: <c>relu6(u + 3) / 6</c> (ONNX's HardSigmoid with alpha 1/6, beta 0.5, not its default 0.2).</summary>
    Hardsigmoid = 12,
    /// <summary>
    /// PyTorch's GELU (approximate='none'): <c>u Phi(u) = u (1 + erf(u / sqrt 2)) / 2</c>. Not monotonic: in the fused
    /// position the layer keeps its sum and a standalone activation layer follows (see <see cref="ActivationAttribute"/>).
    /// </summary>
    Gelu = 13,
    /// <summary>PyTorch's GELU (approximate='tanh'): <c>u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3))) / 2</c>. Not monotonic.</summary>
    GeluTanh = 14,
    /// <summary>PyTorch's SiLU (Swish with beta 1): <c>u sigmoid(u)</c>. Not monotonic.</summary>
    Silu = 15,
    /// <summary>PyTorch's Mish: <c>u tanh(softplus(u))</c>. Not monotonic.</summary>
    Mish = 16,
    /// <summary>PyTorch's Hardswish: <c>u relu6(u + 3) / 6</c>. Not monotonic.</summary>
    Hardswish = 17,
    /// <summary>
    /// PyTorch's PReLU, ONNX's PRelu: <c>u</c> for u &gt; 0, else <c>a_c u</c> with a learned slope per channel (the tensor
    /// NAME.weight [channels], starting at <see cref="ActivationAttribute.Slope"/>, 0.25 by default). Only as a
    /// standalone [Activation(Activation.Prelu)] layer, since it has a parameter.
    /// </summary>
    Prelu = 18,
}

/// <summary>How a convolution pads its input (zeros); in each axis, with the dilated extent e = dilation*(k-1)+1.</summary>
public enum Padding
{
    /// <summary>No padding: output = floor((in - e) / s) + 1.</summary>
    Valid = 0,
    /// <summary>
    /// ONNX's auto_pad SAME_UPPER: output = ceil(in / s), total padding max(0, (output-1)*s + e - in), half of it
    /// (rounded down) before, the rest after (the odd row below, the odd column right). With stride 1 this is
    /// PyTorch's padding='same'; an odd kernel at stride 1 pads k/2 on every side.
    /// </summary>
    Same = 1,
    /// <summary>p = e - 1 on every side: every partial overlap produces an output.</summary>
    Full = 2,
    /// <summary>ONNX's auto_pad SAME_LOWER: as <see cref="Same"/>, but the odd row goes above and the odd column left.</summary>
    SameLower = 3,
}
