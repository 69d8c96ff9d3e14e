namespace NetGen.Runtime.Tests;

/// <summary>
/// <see cref="FakeLinearNetwork"/> behind dropout on its inputs (rate 1/2) while training, the masks drawn from
/// <see cref="DropoutState"/> (xorshift32), so a test can see whether a checkpoint restores the generator.
/// </summary>
sealed class FakeDropoutNetwork : INetwork
{
    readonly FakeLinearNetwork _linear = new(architecture: "fake-dropout");
    readonly float[] _scale, _masked;
    uint _state = 0x2545F491;

    public FakeDropoutNetwork()
    {
        _scale = new float[_linear.InputLength];
        _masked = new float[_linear.InputLength];
    }

    public uint DropoutState { get => _state; set => _state = value == 0 ? 1 : value; }
    public bool Training { get; set; }

    public int InputLength => _linear.InputLength;
    public int OutputLength => _linear.OutputLength;
    public int ParameterCount => _linear.ParameterCount;
    public Span<float> Parameters => _linear.Parameters;
    public Span<float> Gradients => _linear.Gradients;
    public NetworkSummary Summary => _linear.Summary;
    public string Architecture => _linear.Architecture;
    public IReadOnlyList<ParameterTensor> ParameterTensors => _linear.ParameterTensors;
    public Isa Isa { get; set; }
    public bool IsTrainable(int parameterIndex) => _linear.IsTrainable(parameterIndex);
    public void InitializeParameters(int seed) => _linear.InitializeParameters(seed);

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        for (int i = 0; i < _scale.Length; i++)
        {
            if (Training)
            {
                _state ^= _state << 13;
                _state ^= _state >> 17;
                _state ^= _state << 5;
            }
            _scale[i] = !Training ? 1f : (_state & 1) != 0 ? 2f : 0f;
            _masked[i] = input[i] * _scale[i];
        }
        _linear.Forward(_masked, output);
    }

    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        _linear.Backward(outputGradient, inputGradient);
        for (int i = 0; i < _scale.Length; i++)
            inputGradient[i] *= _scale[i];
    }

    public void Backward(ReadOnlySpan<float> outputGradient) => _linear.Backward(outputGradient);
}
