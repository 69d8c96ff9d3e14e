using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// One layer with every shape, offset and count resolved: what an emitter needs and nothing else
    /// (no symbols, no syntax, no locations, so the emit step caches across unrelated edits).
    /// </summary>
    internal sealed record LayerModel(
        LayerKind Kind,
        string Name,
        ActivationKind Activation,
        int InC, int InH, int InW,
        int OutC, int OutH, int OutW,
        int Kernel, int Stride, int Pad,
        // Connection table in CSR form: inputs of output map o are TableInputs[TableStarts[o] .. TableStarts[o+1]).
        // Empty when every input feeds every output.
        EquatableArray<int> TableStarts,
        EquatableArray<int> TableInputs,
        int WeightOffset, int WeightCount,
        int BiasOffset, int BiasCount,
        bool Trainable,
        long Connections, long MultiplyAdds,
        // Memory plan: offsets into the activation workspace (and its gradient twin) and the scratch workspace.
        int InOffset, int OutOffset,
        int ScratchOffset, int ScratchGradientOffset,
        int WideOffset = -1, int WideDeltaOffset = -1,
        int Groups = 1,
        double Alpha = 0, double Beta = 0, double Bias = 0,
        double Rate = 0,
        // Graphs (blocks): where this layer writes dE/dinput when another consumer of the same input owns that slot;
        // an Add's second input; the private gradient slots to add into this layer's input gradient after its backward.
        int InGradientOffset = -1,
        int In2Offset = -1, int In2GradientOffset = -1,
        EquatableArray<int> MergeFrom = default,
        // Zero-padded (or -infinity-padded, for max pooling) copies of the input and of its gradient.
        int PadOffset = -1, int PadGradientOffset = -1,
        // Batch norm: running mean at StateOffset, running variance after it.
        int StateOffset = -1, double Epsilon = 0,
        // For descriptions: the producers of this layer's inputs (null: the previous layer) and its slice of a concatenation.
        string? InputName = null, string? Input2Name = null, int OutChannelOffset = 0,
        // Learned connections: logits [OutC][InC] after the bias; scratch holds alpha, the effective weights and their gradient.
        int ConnectionCount = 0, int ConnectionOffset = -1, int EffectiveOffset = -1,
        // Stride-2 convolutions: the input's four (row, column) parity planes [2][2][InC][PhaseH][PhaseW] for the forward.
        int PhaseOffset = -1)
    {
        public bool LearnsConnections => ConnectionCount > 0;
        /// <summary>The name as an identifier, for methods: block sub-layers are named like "layer1.0.conv1".</summary>
        public string Id => Name.Replace('.', '_');
        /// <summary>Where this layer writes dE/dinput.</summary>
        public int InGradOffset => InGradientOffset >= 0 ? InGradientOffset : InOffset;
        public int In2GradOffset => In2GradientOffset >= 0 ? In2GradientOffset : In2Offset;
        public int InLength => InC * InH * InW;
        public int OutLength => OutC * OutH * OutW;
        public bool HasTable => TableStarts.Count > 0;
        public int ParameterCount => WeightCount + BiasCount + ConnectionCount;
        public int PaddedH => InH + 2 * Pad;
        public int PaddedW => InW + 2 * Pad;
        /// <summary>Connected (input map, output map) pairs: OutC * InC without a table.</summary>
        public int ConnectedPairs => HasTable ? TableInputs.Count : OutC * InC;

        /// <summary>A convolution whose kernel covers the whole unpadded input (LeNet's C5): the same computation as a dense layer.</summary>
        public bool RunsAsDense => Kind == LayerKind.Conv && OutH == 1 && OutW == 1 && Pad == 0 && !HasTable && Kernel == InH && Kernel == InW && ConnectionCount == 0;

        /// <summary>
        /// A stride-1 or stride-2 convolution computed on "wide rows": output position q = oy * PaddedW + ox for every
        /// ox &lt; PaddedW, so each kernel tap reads the input at S*q + ky*PaddedW + kx: one contiguous run (stride 1) or
        /// every other float (stride 2, one shuffle per vector); the columns past OutW are computed and discarded.
        /// </summary>
        public bool RunsWide => Kind == LayerKind.Conv && (Stride == 1 || Stride == 2) && !RunsAsDense;

        /// <summary>
        /// A 1x1 stride-2 convolution (ResNet's projection shortcuts): it gathers the even rows and columns of its input
        /// into scratch first (PadOffset; their gradient at PadGradientOffset) and runs as a stride-1 1x1 convolution on
        /// them, instead of computing wide rows of which half the positions are discarded.
        /// </summary>
        public bool Subsamples => RunsWide && Kernel == 1 && Stride == 2 && Pad == 0 && !HasTable && !LearnsConnections;

        /// <summary>
        /// A stride-2 convolution whose forward splits its (padded) input into four planes by row and column parity: tap
        /// (ky, kx) of output (oy, ox) reads plane (ky%2, kx%2) at (oy + ky/2, ox + kx/2), so it runs as a stride-1 wide
        /// convolution over the planes (no position computed twice the stride apart, no shuffles). Backward keeps the
        /// stride-2 wide rows.
        /// </summary>
        public bool SplitsPhases => RunsWide && Stride == 2 && !Subsamples && !HasTable && !LearnsConnections;
        public int PhaseH => (PaddedH + 1) / 2;
        public int PhaseW => (PaddedW + 1) / 2;
        /// <summary>Wide positions per map on the phase planes' rows (pitch PhaseW).</summary>
        public long PhaseWidePositions => RoundUp((long)OutH * PhaseW);

        /// <summary>2x2 windows with stride 2 tiling an unpadded input exactly: the pooling fast path.</summary>
        public bool PoolsPairs => Kind is LayerKind.Subsample or LayerKind.MaxPool or LayerKind.AvgPool
            && Kernel == 2 && Stride == 2 && Pad == 0 && InH % 2 == 0 && InW % 2 == 0;

        /// <summary>Wide output positions per map, rounded up to whole vectors of any width up to 16.</summary>
        public long WidePositions => RoundUp((long)OutH * PaddedW);
        /// <summary>Zeros before each map's wide deltas, so the input gradient can read delta[p - ky*W - kx] for every p.</summary>
        public long WideFront => (Kernel - 1L) * PaddedW + Kernel - 1;
        /// <summary>Floats per map of the wide delta buffer.</summary>
        public long WideDeltaLength => WideFront + RoundUp((long)PaddedH * PaddedW);

        // Long: the memory plan sizes these before it knows they fit (accepted networks keep them far inside int).
        public static long RoundUp(long n) => (n + 15) / 16 * 16;
    }

    /// <summary>A whole network, ready to emit.</summary>
    internal sealed record NetworkModel(
        string? Namespace,
        string ClassName,
        string Accessibility,
        int InC, int InH, int InW,
        EquatableArray<LayerModel> Layers,
        int ParameterCount,
        int ActivationLength,
        int ScratchLength,
        string Architecture,
        int StateLength = 0,
        // The network's output: the last layer's, or the concatenation of a block that ends the network.
        int OutputOffset = -1, int OutputLengthOverride = -1)
    {
        /// <summary>The slack every network has at least: emitters may read this far past a buffer without checking.</summary>
        public const int LeastSlack = 96;

        /// <summary>
        /// Floats kept after the activations and scratch: wide convolutions read up to two vectors plus a kernel row (and,
        /// with stride 2, one more input row) past the end of their input, into lanes that are discarded.
        /// </summary>
        public int Slack => LeastSlack + Layers.Max(l => l.Kernel) + Layers.Where(l => l.RunsWide && l.Stride == 2).Select(l => l.PaddedW).DefaultIfEmpty(0).Max();
        public int InputLength => InC * InH * InW;
        public int OutputLength => OutputLengthOverride >= 0 ? OutputLengthOverride : Layers[Layers.Count - 1].OutLength;
    }
}
