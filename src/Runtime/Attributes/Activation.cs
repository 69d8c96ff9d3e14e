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
}

/// <summary>How a convolution pads its input.</summary>
public enum Padding
{
    /// <summary>No padding: output = (in - k) / s + 1.</summary>
    Valid = 0,
    /// <summary>p = k / 2 (odd kernels): with stride 1 the output has the input's size.</summary>
    Same = 1,
    /// <summary>p = k - 1: every partial overlap produces an output.</summary>
    Full = 2,
}
