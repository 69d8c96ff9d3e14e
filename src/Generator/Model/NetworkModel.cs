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
        int ScratchOffset, int ScratchGradientOffset)
    {
        public int InLength => InC * InH * InW;
        public int OutLength => OutC * OutH * OutW;
        public bool HasTable => TableStarts.Count > 0;
        public int ParameterCount => WeightCount + BiasCount;
        public int PaddedH => InH + 2 * Pad;
        public int PaddedW => InW + 2 * Pad;
        /// <summary>Connected (input map, output map) pairs: OutC * InC without a table.</summary>
        public int ConnectedPairs => HasTable ? TableInputs.Count : OutC * InC;
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
        string Architecture)
    {
        public int InputLength => InC * InH * InW;
        public int OutputLength => Layers[Layers.Count - 1].OutLength;
    }
}
