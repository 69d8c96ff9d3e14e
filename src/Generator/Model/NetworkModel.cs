using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Model
{
    /// <summary>A whole network, ready to emit.</summary>
    internal sealed record NetworkModel
    {
        public required string? Namespace { get; init; }
        public required string ClassName { get; init; }
        public required string Accessibility { get; init; }
        public required int InC { get; init; }
        public required int InH { get; init; }
        public required int InW { get; init; }
        public required EquatableArray<LayerModel> Layers { get; init; }
        public required int ParameterCount { get; init; }
        public required int ActivationLength { get; init; }
        public required int ScratchLength { get; init; }
        public required string Architecture { get; init; }
        public int StateLength { get; init; }
        /// <summary>The network's output: the last layer's, or the concatenation of a block that ends the network.</summary>
        public required int OutputOffset { get; init; }
        public required int OutputLength { get; init; }

        /// <summary>The slack every network has at least: emitters may read this far past a buffer without checking.</summary>
        public const int LeastSlack = 96;

        /// <summary>
        /// Floats kept after the activations and scratch: wide convolutions read up to two vectors plus a kernel row (and,
        /// with stride 2, one more input row) past the end of their input, into lanes that are discarded.
        /// </summary>
        public int Slack => LeastSlack + Layers.Max(l => l.Payload.Extent)
            + Layers.Where(l => l.RunsWide && l.Stride == 2).Select(l => l.PaddedW).DefaultIfEmpty(0).Max();
        public int InputLength => InC * InH * InW;
    }
}
