namespace NetGen;

/// <summary>
/// What every generated network offers, so training, checkpoints and tools work for any of them.
/// One instance holds one sample's activations (its workspace): use one instance per thread.
/// </summary>
public interface INetwork
{
    /// <summary>Floats in one input sample, laid out channel-major (CHW).</summary>
    int InputLength { get; }
    /// <summary>Floats in one output sample.</summary>
    int OutputLength { get; }
    /// <summary>Floats in <see cref="Parameters"/>.</summary>
    int ParameterCount { get; }

    /// <summary>Every parameter, flat, per layer in declaration order: weights then bias.</summary>
    Span<float> Parameters { get; }
    /// <summary>dE/dParameters, same layout as <see cref="Parameters"/>; <see cref="Backward(ReadOnlySpan{float}, Span{float})"/> adds into it.</summary>
    Span<float> Gradients { get; }

    /// <summary>The layer table of this architecture.</summary>
    NetworkSummary Summary { get; }
    /// <summary>A canonical one-line description of the layers and their hyper-parameters (checkpoints record it).</summary>
    string Architecture { get; }
    /// <summary>Non-parameter state that a trained network carries (batch norm's running mean and variance).</summary>
    Span<float> State => default;
    /// <summary>Name, shape and place in <see cref="State"/> of every state tensor (e.g. <c>bn1.running_mean</c>).</summary>
    IReadOnlyList<ParameterTensor> StateTensors => [];

    /// <summary>Every layer with its hyper-parameters and shapes, in order.</summary>
    IReadOnlyList<LayerDescription> Layers => [];
    /// <summary>Name, shape and place in <see cref="Parameters"/> of every parameter tensor (checkpoints use it).</summary>
    IReadOnlyList<ParameterTensor> ParameterTensors { get; }

    /// <summary>Which SIMD path the kernels use; <see cref="NetGen.Isa.Auto"/> picks the widest the hardware accelerates.</summary>
    Isa Isa { get; set; }

    /// <summary>Computes the output for one input sample and keeps the activations for <see cref="Backward(ReadOnlySpan{float}, Span{float})"/>.</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// Back-propagates dE/doutput through the activations of the last Forward: ADDS dE/dparameters into
    /// <see cref="Gradients"/> and WRITES dE/dinput into <paramref name="inputGradient"/>.
    /// </summary>
    void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient);

    /// <summary>Like <see cref="Backward(ReadOnlySpan{float}, Span{float})"/> without computing dE/dinput.</summary>
    void Backward(ReadOnlySpan<float> outputGradient);

    /// <summary>Sets every parameter deterministically from <paramref name="seed"/> (LeCun / Xavier / He by activation).</summary>
    void InitializeParameters(int seed);

    /// <summary>
    /// Whether layers that behave differently while training (dropout) use their training behaviour. Training loops
    /// set it; it starts false. Networks without such layers may ignore it.
    /// </summary>
    bool Training { get => false; set { } }

    /// <summary>
    /// While <see cref="Training"/> and set, batch norm layers normalize with the statistics of the whole batch, exchanged
    /// through this object, and update their running statistics; otherwise they use the running statistics.
    /// <see cref="Batching.BatchRunner"/> sets it for its lockstep training pass.
    /// </summary>
    Batching.IBatchNormSync? BatchNormSync { get => null; set { } }

    /// <summary>
    /// The state of the dropout masks' generator (0 for a network without dropout; never 0 with it). The batch engine
    /// sets it per sample from the sample's index, so the masks do not depend on which worker runs the sample.
    /// </summary>
    uint DropoutState { get => 0; set { } }

    /// <summary>Parameters that training must not change (e.g. LeNet's fixed RBF centres): optimizers skip them.</summary>
    bool IsTrainable(int parameterIndex);
}

/// <summary>Which vector width the generated kernels run with.</summary>
public enum Isa
{
    /// <summary>The widest accelerated of Vector512, Vector256 and Vector128 (NEON on ARM64), else scalar.</summary>
    Auto = 0,
    /// <summary>Plain float arithmetic.</summary>
    Scalar = 1,
    /// <summary>Vector256 with FMA (AVX2).</summary>
    Vector256 = 2,
    /// <summary>Vector512 (AVX-512; emulated in software where the hardware lacks it).</summary>
    Vector512 = 3,
    /// <summary>Vector128 with FMA: NEON (AdvSimd) on ARM64, SSE with FMA on x64.</summary>
    Vector128 = 4,
}

/// <summary>One named parameter tensor: <c>C1.weight</c> [6,1,5,5] at <see cref="Offset"/> in the flat parameters.</summary>
public sealed record ParameterTensor(string Name, int[] Shape, int Offset, int Length, bool Trainable)
{
    public override string ToString() => $"{Name} [{string.Join(",", Shape)}] @ {Offset}";
}
