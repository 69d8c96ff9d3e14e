using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[DenseBlock(layers, growthRate, BottleneckWidth)] as written.</summary>
    internal sealed record DenseBlockSpec : LayerSpec
    {
        public int Layers { get; init; }
        public int GrowthRate { get; init; }
        public int BottleneckWidth { get; init; } = 4;
    }

    /// <summary>[Transition(maps)] as written.</summary>
    internal sealed record TransitionSpec : LayerSpec
    {
        public int Maps { get; init; }
    }

    /// <summary>DenseNet's dense block: pre-activation bottleneck layers writing one growing concatenation (<see cref="DenseBlocks.DenseBlock"/>).</summary>
    internal sealed class DenseBlockRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.DenseBlock;
        public override string AttributeName => "NetGen.DenseBlockAttribute";
        public override string NamePrefix => "DB";

        public override LayerSpec Parse(AttributeArguments a) => new DenseBlockSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Layers = a.Int(0, 0), GrowthRate = a.Int(1, 0),
            BottleneckWidth = a.Int("BottleneckWidth", 4),
        };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            DenseBlocks.DenseBlock(graph, (DenseBlockSpec)spec, name, input);
    }

    /// <summary>DenseNet's transition: batch norm, ReLU, 1x1 convolution, 2x2 average pool (<see cref="DenseBlocks.Transition"/>).</summary>
    internal sealed class TransitionRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.Transition;
        public override string AttributeName => "NetGen.TransitionAttribute";
        public override string NamePrefix => "T";

        public override LayerSpec Parse(AttributeArguments a) => new TransitionSpec { Kind = Kind, Name = a.Name, Location = a.Location, Maps = a.Int(0, 0) };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            DenseBlocks.Transition(graph, (TransitionSpec)spec, name, input);
    }
}
