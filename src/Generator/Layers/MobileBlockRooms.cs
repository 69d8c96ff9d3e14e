using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[SqueezeExcite(squeezeMaps, activation, Gate)] as written.</summary>
    internal sealed record SqueezeExciteSpec : LayerSpec
    {
        public int SqueezeMaps { get; init; }
        public int Gate { get; init; } = (int)ActivationKind.Sigmoid;
    }

    /// <summary>[InvertedResidual(outMaps, kernel, Stride, Expansion, ExpandMaps, Activation, SqueezeMaps, ...)] as written.</summary>
    internal sealed record InvertedResidualSpec : LayerSpec
    {
        public int OutMaps { get; init; }
        public int Kernel { get; init; } = 3;
        public int Stride { get; init; } = 1;
        /// <summary>The hidden maps' multiple, -1 when not written (then 1, unless ExpandMaps is given).</summary>
        public int Expansion { get; init; } = -1;
        public int ExpandMaps { get; init; }
        public int SqueezeMaps { get; init; }
        /// <summary>The squeeze-and-excitation's activation and gate; -1 when not written.</summary>
        public int SqueezeActivation { get; init; } = -1;
        public int Gate { get; init; } = -1;
        public double Epsilon { get; init; } = 1e-5;
        public double Momentum { get; init; } = 0.1;
        /// <summary>NetGen.InvertedResidualNames: 0 MobileNetV2's, 1 MobileNetV3's and EfficientNet's "block" names.</summary>
        public int Naming { get; init; }
    }

    /// <summary>Squeeze-and-excitation: pool, fc1, fc2 and the per-map product (<see cref="MobileBlocks.SqueezeExcite"/>).</summary>
    internal sealed class SqueezeExciteRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.SqueezeExcite;
        public override string AttributeName => "NetGen.SqueezeExciteAttribute";
        public override string NamePrefix => "SE";

        public override LayerSpec Parse(AttributeArguments a) => new SqueezeExciteSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, SqueezeMaps = a.Int(0, 0),
            Activation = a.Int(1, (int)ActivationKind.ReLU), Gate = a.Int("Gate", (int)ActivationKind.Sigmoid),
        };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            MobileBlocks.SqueezeExcite(graph, (SqueezeExciteSpec)spec, name, input);
    }

    /// <summary>MobileNetV2/V3's and EfficientNet's inverted residual block (<see cref="MobileBlocks.InvertedResidual"/>).</summary>
    internal sealed class InvertedResidualRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.InvertedResidual;
        public override string AttributeName => "NetGen.InvertedResidualAttribute";
        public override string NamePrefix => "IR";

        public override LayerSpec Parse(AttributeArguments a) => new InvertedResidualSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, OutMaps = a.Int(0, 0), Kernel = a.Int(1, 3),
            Stride = a.Int("Stride", 1), Expansion = a.Int("Expansion", -1), ExpandMaps = a.Int("ExpandMaps", 0),
            Activation = a.Int("Activation", (int)ActivationKind.Relu6), SqueezeMaps = a.Int("SqueezeMaps", 0),
            SqueezeActivation = a.Int("SqueezeActivation", -1), Gate = a.Int("Gate", -1),
            Epsilon = a.Real("Epsilon", 1e-5), Momentum = a.Real("Momentum", 0.1), Naming = a.Int("Naming", 0),
        };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            MobileBlocks.InvertedResidual(graph, (InvertedResidualSpec)spec, name, input);
    }
}
