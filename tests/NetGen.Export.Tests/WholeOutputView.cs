namespace NetGen.Export.Tests;

/// <summary>
/// A network seen with another OutputLength, for export only (Forward refuses): lets the tests export a network that
/// ends in an inception block as if it reported the whole concatenation, which the generator does not do yet.
/// </summary>
public sealed class WholeOutputView(INetwork inner, int outputLength) : INetwork
{
    public int InputLength => inner.InputLength;
    public int OutputLength => outputLength;
    public int ParameterCount => inner.ParameterCount;
    public Span<float> Parameters => inner.Parameters;
    public Span<float> Gradients => inner.Gradients;
    public NetworkSummary Summary => inner.Summary;
    public string Architecture => inner.Architecture;
    public Span<float> State => inner.State;
    public IReadOnlyList<ParameterTensor> StateTensors => inner.StateTensors;
    public IReadOnlyList<LayerDescription> Layers => inner.Layers;
    public IReadOnlyList<ParameterTensor> ParameterTensors => inner.ParameterTensors;
    public Isa Isa { get => inner.Isa; set => inner.Isa = value; }
    public void Forward(ReadOnlySpan<float> input, Span<float> output) => throw new NotSupportedException("Export only.");
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => throw new NotSupportedException("Export only.");
    public void Backward(ReadOnlySpan<float> outputGradient) => throw new NotSupportedException("Export only.");
    public void InitializeParameters(int seed) => inner.InitializeParameters(seed);
    public bool IsTrainable(int parameterIndex) => inner.IsTrainable(parameterIndex);
}
