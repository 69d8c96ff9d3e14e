namespace NetGen.Runtime.Tests;

/// <summary>
/// A network for checkpoint tests only: two parameter tensors and two state tensors (like batch norm's running
/// statistics), so a test can see that a refused checkpoint leaves both untouched. It computes nothing.
/// </summary>
sealed class StatefulNetwork : INetwork
{
    readonly float[] _parameters = new float[15], _gradients = new float[15], _state = new float[4];

    public int InputLength => 4;
    public int OutputLength => 3;
    public int ParameterCount => _parameters.Length;
    public Span<float> Parameters => _parameters;
    public Span<float> Gradients => _gradients;
    public Span<float> State => _state;
    public NetworkSummary Summary { get; } = new("Stateful", 1, 1, 4, [new LayerSummary("L", "linear", 3, 1, 1, 15, 15, 12)]);
    public string Architecture => "stateful";
    public IReadOnlyList<ParameterTensor> ParameterTensors { get; } =
        [new("L.weight", [3, 4], 0, 12, true), new("L.bias", [3], 12, 3, true)];
    public IReadOnlyList<ParameterTensor> StateTensors { get; } =
        [new("N.running_mean", [2], 0, 2, false), new("N.running_var", [2], 2, 2, false)];
    public Isa Isa { get; set; }

    public void Forward(ReadOnlySpan<float> input, Span<float> output) => throw new NotSupportedException();
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => throw new NotSupportedException();
    public void Backward(ReadOnlySpan<float> outputGradient) => throw new NotSupportedException();
    public bool IsTrainable(int parameterIndex) => true;

    public void InitializeParameters(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < _parameters.Length; i++)
            _parameters[i] = (float)random.NextDouble();
        for (int i = 0; i < _state.Length; i++)
            _state[i] = (float)random.NextDouble();
    }
}
