using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// One layer with every shape, offset and count resolved: the header every kind shares, and the kind's own
    /// <see cref="Payload"/> (its hyper-parameters and plan decisions, see Layers/*Room.cs). No symbols, no syntax, no
    /// locations, so the emit step caches across unrelated edits.
    /// </summary>
    internal sealed partial record LayerModel
    {
        public required string Name { get; init; }
        public required LayerKind Kind { get; init; }
        public ActivationKind Activation { get; init; }
        public required int InC { get; init; }
        public required int InH { get; init; }
        public required int InW { get; init; }
        public required int OutC { get; init; }
        public required int OutH { get; init; }
        public required int OutW { get; init; }
        /// <summary>What only this kind knows: a conv's kernel and table, a pool's window, a dropout's rate...</summary>
        public required LayerPayload Payload { get; init; }

        /// <summary>Connections and multiply-adds as LeCun counts them (the summary's columns).</summary>
        public long Connections { get; init; }
        public long MultiplyAdds { get; init; }
        /// <summary>Whether training updates the parameters (LeNet's RBF centres may be fixed).</summary>
        public bool Trainable { get; init; } = true;

        /// <summary>Parameter tensors ("weight", "bias", "connections"), in the order they sit in the flat parameters.</summary>
        public EquatableArray<Slot> Parameters { get; init; } = EquatableArray<Slot>.Empty;
        /// <summary>State tensors (batch norm's running statistics), in the state array.</summary>
        public EquatableArray<Slot> State { get; init; } = EquatableArray<Slot>.Empty;
        /// <summary>Scratch regions the layer's kernels use (padded copies, argmax, wide rows...), in the scratch array.</summary>
        public EquatableArray<Slot> Scratch { get; init; } = EquatableArray<Slot>.Empty;

        /// <summary>The values this layer reads: [0] its input, [1] an Add's shortcut. Set by the graph builder.</summary>
        public EquatableArray<Edge> Inputs { get; init; } = EquatableArray<Edge>.Empty;
        /// <summary>Where the output sits in the activation workspace (its gradient at the same offset of the twin).</summary>
        public int OutOffset { get; init; }
        /// <summary>The first map of this layer's slice of a concatenation (inception branches), else 0.</summary>
        public int OutChannelOffset { get; init; }
        /// <summary>The block whose concatenation this layer writes a slice of (readers name the block), or null.</summary>
        public string? SliceOf { get; init; }
        /// <summary>
        /// Private gradient slots of this layer's input to add into its gradient after its backward: the input has other
        /// readers, each of which wrote its share of dE/dinput to its own slot.
        /// </summary>
        public EquatableArray<int> GradientMerges { get; init; } = EquatableArray<int>.Empty;

        public Edge Input => Inputs[0];
        public int InOffset => Inputs.Count > 0 ? Inputs[0].Offset : 0;
        /// <summary>Where this layer writes dE/dinput: the input's own gradient, or a private slot when another reader owns it.</summary>
        public int InGradOffset => Inputs.Count > 0 ? Inputs[0].GradientOffset : 0;
        /// <summary>The producer of the input: a layer's name, a block's (its concatenation), or null for the network input.</summary>
        public string? InputName => Inputs.Count > 0 ? Inputs[0].Producer : null;

        /// <summary>The name as an identifier, for methods: block sub-layers are named like "layer1.0.conv1".</summary>
        public string Id => Name.Replace('.', '_');
        public int InLength => InC * InH * InW;
        public int OutLength => OutC * OutH * OutW;

        /// <summary>The kind's payload as <typeparamref name="T"/> (each room reads its own).</summary>
        public T As<T>() where T : LayerPayload => (T)Payload;

        public Slot? ParameterSlot(string role) => Parameters.FirstOrDefault(s => s.Role == role);
        public int ParameterCount => (int)Parameters.Sum(s => s.Length);
        public int WeightCount => (int)(ParameterSlot(Slot.Weight)?.Length ?? 0);
        public int BiasCount => (int)(ParameterSlot(Slot.Bias)?.Length ?? 0);
        /// <summary>The weights' first float in the parameters, -1 without weights.</summary>
        public int WeightOffset => ParameterSlot(Slot.Weight)?.Offset ?? -1;
        public int BiasOffset => ParameterSlot(Slot.Bias)?.Offset ?? -1;
        /// <summary>The first float of a state or scratch region, -1 when the layer has none of that role.</summary>
        public int StateAt(string role) => State.FirstOrDefault(s => s.Role == role)?.Offset ?? -1;
        public int ScratchAt(string role) => Scratch.FirstOrDefault(s => s.Role == role)?.Offset ?? -1;
    }

    /// <summary>The kind-specific part of a layer (Layers/*Room.cs declare one each).</summary>
    internal abstract record LayerPayload
    {
        /// <summary>How far the kind's window reaches (kernel, pooling window, LRN size, upsampling factor): sizes the slack.</summary>
        public virtual int Extent => 0;
    }

    /// <summary>
    /// A region a layer asks for in one of the flat arrays: its role, its length, its shape (parameter and state tensors,
    /// as PyTorch lays them out) and, once the memory plan placed it, its offset.
    /// </summary>
    internal sealed record Slot(string Role, long Length, EquatableArray<int> Shape, int Offset = -1)
    {
        public const string Weight = "weight", Bias = "bias";

        /// <summary>A scratch region: no shape; long, since the plan sizes it before it knows it fits.</summary>
        public Slot(string role, long length) : this(role, length, EquatableArray<int>.Empty) { }

        /// <summary>A tensor of <paramref name="shape"/> (its length the shape's product).</summary>
        public static Slot Tensor(string role, params int[] shape) =>
            new(role, shape.Aggregate(1L, (product, extent) => product * extent), shape.ToEquatableArray());
    }

    /// <summary>
    /// A value a layer reads: the layer (or block, or null: the network input) that produced it, where it sits, and where
    /// this reader writes its share of the gradient (the value's own gradient, or a private slot merged later).
    /// </summary>
    internal sealed record Edge(string? Producer, int Offset, int GradientOffset);
}
