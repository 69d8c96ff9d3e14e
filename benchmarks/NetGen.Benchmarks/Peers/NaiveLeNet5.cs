namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The plain reference: the same LeNet-5 as <see cref="LeNet5Bench"/> written as the textbook loops over float arrays,
/// one sample at a time, with no vectorization, packing or unrolling. It is the "what a straightforward C# port costs"
/// peer. Parameters use NetGen's flat layout (per layer: weights then bias; conv weights [out][in][kh][kw], dense
/// [out][in]) so they can be copied across as one span.
/// </summary>
public sealed class NaiveLeNet5
{
    public const int InputLength = 32 * 32, OutputLength = 10;

    // Offsets into the flat parameter (and gradient) array.
    const int C1W = 0, C1B = C1W + 6 * 1 * 5 * 5;
    const int C3W = C1B + 6, C3B = C3W + 16 * 6 * 5 * 5;
    const int C5W = C3B + 16, C5B = C5W + 120 * 16 * 5 * 5;
    const int F6W = C5B + 120, F6B = F6W + 84 * 120;
    const int OutW = F6B + 84, OutB = OutW + 10 * 84;
    public const int ParameterCount = OutB + 10;

    /// <summary>(name, offset, length) of each tensor, in order: the cross-check compares them with NetGen's.</summary>
    public static readonly (string Name, int Offset, int Length)[] Tensors =
    [
        ("C1.weight", C1W, C1B - C1W), ("C1.bias", C1B, 6),
        ("C3.weight", C3W, C3B - C3W), ("C3.bias", C3B, 16),
        ("C5.weight", C5W, C5B - C5W), ("C5.bias", C5B, 120),
        ("F6.weight", F6W, F6B - F6W), ("F6.bias", F6B, 84),
        ("F7.weight", OutW, OutB - OutW), ("F7.bias", OutB, 10),
    ];

    readonly float[] _x = new float[InputLength];
    // Activations after tanh (or pooling), kept for Backward.
    readonly float[] _c1 = new float[6 * 28 * 28], _s2 = new float[6 * 14 * 14];
    readonly float[] _c3 = new float[16 * 10 * 10], _s4 = new float[16 * 5 * 5];
    readonly float[] _c5 = new float[120], _f6 = new float[84], _out = new float[10];
    // Gradients with respect to the same activations.
    readonly float[] _dC1 = new float[6 * 28 * 28], _dS2 = new float[6 * 14 * 14];
    readonly float[] _dC3 = new float[16 * 10 * 10], _dS4 = new float[16 * 5 * 5];
    readonly float[] _dC5 = new float[120], _dF6 = new float[84];

    public float[] Parameters { get; } = new float[ParameterCount];
    /// <summary>dE/dparameters; <see cref="Backward"/> adds into it.</summary>
    public float[] Gradients { get; } = new float[ParameterCount];

    /// <summary>One sample (1x32x32, row-major) to 10 logits; keeps the activations for <see cref="Backward"/>.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        input[..InputLength].CopyTo(_x);
        var p = Parameters;
        ConvTanh(_x, 1, 32, p, C1W, C1B, 6, _c1);
        AvgPool2(_c1, 6, 28, _s2);
        ConvTanh(_s2, 6, 14, p, C3W, C3B, 16, _c3);
        AvgPool2(_c3, 16, 10, _s4);
        ConvTanh(_s4, 16, 5, p, C5W, C5B, 120, _c5);
        Dense(_c5, 120, p, F6W, F6B, 84, _f6, tanh: true);
        Dense(_f6, 84, p, OutW, OutB, 10, _out, tanh: false);
        _out.CopyTo(output);
    }

    /// <summary>Back-propagates dE/dlogits through the last Forward, ADDING dE/dparameters into <see cref="Gradients"/>.</summary>
    public void Backward(ReadOnlySpan<float> outputGradient)
    {
        var p = Parameters;
        var g = Gradients;
        DenseBackward(_f6, 84, p, g, OutW, OutB, 10, _out, outputGradient, _dF6, tanh: false);
        DenseBackward(_c5, 120, p, g, F6W, F6B, 84, _f6, _dF6, _dC5, tanh: true);
        ConvTanhBackward(_s4, 16, 5, p, g, C5W, C5B, 120, _c5, _dC5, _dS4);
        AvgPool2Backward(_dS4, 16, 10, _dC3);
        ConvTanhBackward(_s2, 6, 14, p, g, C3W, C3B, 16, _c3, _dC3, _dS2);
        AvgPool2Backward(_dS2, 6, 28, _dC1);
        ConvTanhBackward(_x, 1, 32, p, g, C1W, C1B, 6, _c1, _dC1, null);
    }

    /// <summary>Valid 5x5 cross-correlation, stride 1, then tanh. <paramref name="input"/> is [c][size][size].</summary>
    static void ConvTanh(float[] input, int channels, int size, float[] p, int w, int b, int maps, float[] output)
    {
        int outSize = size - 4;
        for (int m = 0; m < maps; m++)
            for (int y = 0; y < outSize; y++)
                for (int x = 0; x < outSize; x++)
                {
                    float sum = p[b + m];
                    for (int c = 0; c < channels; c++)
                        for (int ky = 0; ky < 5; ky++)
                            for (int kx = 0; kx < 5; kx++)
                                sum += p[w + ((m * channels + c) * 5 + ky) * 5 + kx] * input[(c * size + y + ky) * size + x + kx];
                    output[(m * outSize + y) * outSize + x] = MathF.Tanh(sum);
                }
    }

    /// <summary>
    /// Backward of <see cref="ConvTanh"/>: <paramref name="dOutput"/> is dE/d(tanh output); adds the weight and bias
    /// gradients; writes dE/dinput when <paramref name="dInput"/> is not null.
    /// </summary>
    static void ConvTanhBackward(float[] input, int channels, int size, float[] p, float[] g, int w, int b, int maps,
        float[] output, float[] dOutput, float[]? dInput)
    {
        int outSize = size - 4;
        if (dInput is not null)
            Array.Clear(dInput, 0, channels * size * size);
        for (int m = 0; m < maps; m++)
            for (int y = 0; y < outSize; y++)
                for (int x = 0; x < outSize; x++)
                {
                    int o = (m * outSize + y) * outSize + x;
                    float delta = dOutput[o] * (1 - output[o] * output[o]);
                    g[b + m] += delta;
                    for (int c = 0; c < channels; c++)
                        for (int ky = 0; ky < 5; ky++)
                            for (int kx = 0; kx < 5; kx++)
                            {
                                int wi = w + ((m * channels + c) * 5 + ky) * 5 + kx;
                                int ii = (c * size + y + ky) * size + x + kx;
                                g[wi] += delta * input[ii];
                                if (dInput is not null)
                                    dInput[ii] += delta * p[wi];
                            }
                }
    }

    /// <summary>Mean over non-overlapping 2x2 windows. <paramref name="input"/> is [c][size][size].</summary>
    static void AvgPool2(float[] input, int channels, int size, float[] output)
    {
        int half = size / 2;
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < half; y++)
                for (int x = 0; x < half; x++)
                {
                    int i = (c * size + 2 * y) * size + 2 * x;
                    output[(c * half + y) * half + x] = 0.25f * (input[i] + input[i + 1] + input[i + size] + input[i + size + 1]);
                }
    }

    /// <summary>Spreads each pooled gradient over its window; <paramref name="size"/> is the unpooled size.</summary>
    static void AvgPool2Backward(float[] dOutput, int channels, int size, float[] dInput)
    {
        int half = size / 2;
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    dInput[(c * size + y) * size + x] = 0.25f * dOutput[(c * half + y / 2) * half + x / 2];
    }

    static void Dense(float[] input, int inputs, float[] p, int w, int b, int units, float[] output, bool tanh)
    {
        for (int u = 0; u < units; u++)
        {
            float sum = p[b + u];
            for (int i = 0; i < inputs; i++)
                sum += p[w + u * inputs + i] * input[i];
            output[u] = tanh ? MathF.Tanh(sum) : sum;
        }
    }

    static void DenseBackward(float[] input, int inputs, float[] p, float[] g, int w, int b, int units,
        float[] output, ReadOnlySpan<float> dOutput, float[] dInput, bool tanh)
    {
        Array.Clear(dInput, 0, inputs);
        for (int u = 0; u < units; u++)
        {
            float delta = tanh ? dOutput[u] * (1 - output[u] * output[u]) : dOutput[u];
            g[b + u] += delta;
            for (int i = 0; i < inputs; i++)
            {
                g[w + u * inputs + i] += delta * input[i];
                dInput[i] += delta * p[w + u * inputs + i];
            }
        }
    }
}
