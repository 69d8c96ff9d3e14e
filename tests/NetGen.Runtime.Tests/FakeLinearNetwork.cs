namespace NetGen.Runtime.Tests;

/// <summary>
/// A hand-written INetwork for driving the runtime: y = W x + b with W [outputs, inputs], plus a fixed
/// (untrainable) tensor that the forward pass ignores, like LeNet's RBF centres.
/// </summary>
sealed class FakeLinearNetwork : INetwork
{
    readonly float[] _parameters, _gradients, _input;
    readonly ParameterTensor[] _tensors;

    public FakeLinearNetwork(int inputs = 4, int outputs = 3, string architecture = "fake-linear")
    {
        InputLength = inputs;
        OutputLength = outputs;
        Architecture = architecture;
        int weights = inputs * outputs;
        _tensors =
        [
            new ParameterTensor("L.weight", [outputs, inputs], 0, weights, true),
            new ParameterTensor("L.bias", [outputs], weights, outputs, true),
            new ParameterTensor("L.fixed", [2], weights + outputs, 2, false),
        ];
        _parameters = new float[weights + outputs + 2];
        _gradients = new float[_parameters.Length];
        _input = new float[inputs];
        Summary = new NetworkSummary("Fake", 1, 1, inputs, [new LayerSummary("L", "linear", outputs, 1, 1, weights + outputs, weights + outputs, weights)]);
    }

    public int InputLength { get; }
    public int OutputLength { get; }
    public int ParameterCount => _parameters.Length;
    public Span<float> Parameters => _parameters;
    public Span<float> Gradients => _gradients;
    public NetworkSummary Summary { get; }
    public string Architecture { get; }
    public IReadOnlyList<ParameterTensor> ParameterTensors => _tensors;
    public Isa Isa { get; set; }

    Span<float> W => _parameters.AsSpan(0, InputLength * OutputLength);
    Span<float> B => _parameters.AsSpan(InputLength * OutputLength, OutputLength);

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        input[..InputLength].CopyTo(_input);
        for (int o = 0; o < OutputLength; o++)
        {
            float s = B[o];
            for (int i = 0; i < InputLength; i++)
                s += W[o * InputLength + i] * input[i];
            output[o] = s;
        }
    }

    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        Backward(outputGradient);
        for (int i = 0; i < InputLength; i++)
        {
            float s = 0;
            for (int o = 0; o < OutputLength; o++)
                s += W[o * InputLength + i] * outputGradient[o];
            inputGradient[i] = s;
        }
    }

    public void Backward(ReadOnlySpan<float> outputGradient)
    {
        var gw = _gradients.AsSpan(0, InputLength * OutputLength);
        var gb = _gradients.AsSpan(InputLength * OutputLength, OutputLength);
        for (int o = 0; o < OutputLength; o++)
        {
            gb[o] += outputGradient[o];
            for (int i = 0; i < InputLength; i++)
                gw[o * InputLength + i] += outputGradient[o] * _input[i];
        }
    }

    public void InitializeParameters(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < _parameters.Length; i++)
            _parameters[i] = (float)(random.NextDouble() - 0.5);
    }

    public bool IsTrainable(int parameterIndex) => parameterIndex < InputLength * OutputLength + OutputLength;
}
