using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// The network-wide plan, from the graph's edges: which layer reads which value, and the fusions that follow. Each
    /// layer's own plan (its kernel strategy) is its room's <see cref="LayerRoom.Plan"/>; emitters only read decisions.
    /// </summary>
    internal static class Planner
    {
        /// <summary>The layers that read <paramref name="producer"/>'s output (or the concatenation it writes a slice of).</summary>
        public static IEnumerable<LayerModel> Readers(IReadOnlyList<LayerModel> layers, LayerModel producer) =>
            layers.Where(l => l.Inputs.Any(e => e.Producer == producer.Name || (producer.SliceOf is not null && e.Producer == producer.SliceOf)));

        /// <summary>
        /// Wide, pointwise, Winograd and depthwise convolutions whose output only the batch norm right after them reads (ResNet's
        /// conv, bn pairs; MobileNet's depthwise, bn pairs):
        /// outside batch statistics the convolution applies that batch norm while storing its rows, and the batch norm's own
        /// pass is skipped. <paramref name="output"/> is the producer of the network's output, which must stay the conv's.
        /// </summary>
        public static List<LayerModel> Fuse(IReadOnlyList<LayerModel> layers, string? output)
        {
            var planned = layers.ToList();
            for (int i = 0; i + 1 < planned.Count; i++)
            {
                var conv = planned[i];
                var norm = planned[i + 1];
                if (!(conv.RunsWide || conv.RunsPointwise || conv.Payload is ConvLayer { Strategy: ConvStrategy.Winograd or ConvStrategy.Depthwise }) || norm.Payload is not BatchNormLayer batchNorm || norm.InputName != conv.Name) continue;
                if (norm.InC != conv.OutC || norm.InH != conv.OutH || norm.InW != conv.OutW || norm.WeightCount == 0 || norm.BiasCount == 0) continue;
                if (conv.SliceOf is not null || output == conv.Name || Readers(planned, conv).Count() != 1) continue;
                planned[i] = conv with { Payload = conv.As<ConvLayer>() with { FusedNorm = i + 1 } };
                planned[i + 1] = norm with { Payload = batchNorm with { FusedIntoProducer = true } };
            }
            return planned;
        }

        /// <summary>
        /// Whether a layer's forward splits across the network's <c>Threads</c> (issue 15 item 5; Emit/LayerParts.cs): kinds
        /// whose kernels take a range of output maps (or of elements), and only when the layer has enough work that the
        /// barrier after it (a few microseconds on a shared 2-core machine) is small beside half of it. Every other layer
        /// runs on part 0 while the others wait at the next barrier.
        /// </summary>
        public static bool SplitsForward(LayerModel l) => l.Payload switch
        {
            ConvLayer { Strategy: ConvStrategy.Pointwise } => l.OutC >= 16 && l.MultiplyAdds >= SplitMultiplyAdds,
            ConvLayer { Strategy: ConvStrategy.Winograd } => WinogradRule.Tile(l) == 2 && l.OutC >= 16 && l.MultiplyAdds >= SplitMultiplyAdds,
            ConvLayer { Strategy: ConvStrategy.Wide or ConvStrategy.Gather or ConvStrategy.ParityPlanes, LearnsConnections: false } =>
                l.OutC >= 16 && l.MultiplyAdds >= SplitMultiplyAdds,
            ConvLayer { Strategy: ConvStrategy.Dense, LearnsConnections: false } => DenseSplits(l),
            PoolLayer => l.Kind is LayerKind.MaxPool or LayerKind.AvgPool && l.OutC >= 2 && l.InLength >= SplitElements,
            _ => l.Kind == LayerKind.Add ? l.OutLength >= SplitElements : l.Kind == LayerKind.Dense && DenseSplits(l),
        };

        /// <summary>A dense layer (or a convolution run as one) splits its rows when its activation is the identity (no pass
        /// over every row after) and it is large enough.</summary>
        private static bool DenseSplits(LayerModel l) => l.Activation == ActivationKind.Identity && l.OutC >= 8 && l.MultiplyAdds >= SplitMultiplyAdds;

        /// <summary>The grain: multiply-adds a split convolution has at least (about 10 us of work at 100 GFLOP/s).</summary>
        public const long SplitMultiplyAdds = 1 << 19;

        /// <summary>The grain of elementwise layers: floats at least (about 8 us at the ~1 ns per float the adds of ResNet-50 take).</summary>
        public const int SplitElements = 1 << 13;
    }
}
