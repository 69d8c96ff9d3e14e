using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[Residual(maps, Stride, Repeat, Bottleneck)] as written.</summary>
    internal sealed record ResidualSpec : LayerSpec
    {
        public int Maps { get; init; }
        public int Stride { get; init; } = 1;
        public int Repeat { get; init; } = 1;
        public bool Bottleneck { get; init; }
    }

    /// <summary>[Inception(#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj)] as written.</summary>
    internal sealed record InceptionSpec : LayerSpec
    {
        public EquatableArray<int> Columns { get; init; } = EquatableArray<int>.Empty;
    }

    /// <summary>[Fire(squeeze, expand1x1, expand3x3)] as written.</summary>
    internal sealed record FireSpec : LayerSpec
    {
        public int Squeeze { get; init; }
        public int Expand1x1 { get; init; }
        public int Expand3x3 { get; init; }
    }

    /// <summary>A ResNet stage: expands into convolutions, batch norms and adds (<see cref="BlockExpander.Residual"/>).</summary>
    internal sealed class ResidualRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.Residual;
        public override string AttributeName => "NetGen.ResidualAttribute";
        public override string NamePrefix => "R";

        public override LayerSpec Parse(AttributeArguments a) => new ResidualSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Maps = a.Int(0, 0),
            Stride = a.Int("Stride", 1), Repeat = a.Int("Repeat", 1), Bottleneck = a.Flag("Bottleneck"),
        };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            BlockExpander.Residual(graph, (ResidualSpec)spec, name, input);
    }

    /// <summary>GoogLeNet's inception module: four branches concatenated (<see cref="BlockExpander.Inception"/>).</summary>
    internal sealed class InceptionRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.Inception;
        public override string AttributeName => "NetGen.InceptionAttribute";
        public override string NamePrefix => "I";

        public override LayerSpec Parse(AttributeArguments a) => new InceptionSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Columns = Enumerable.Range(0, 6).Select(i => a.Int(i, 0)).ToEquatableArray(),
        };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            BlockExpander.Inception(graph, (InceptionSpec)spec, name, input);
    }

    /// <summary>SqueezeNet's fire module: a squeeze convolution and two expand convolutions concatenated (<see cref="BlockExpander.Fire"/>).</summary>
    internal sealed class FireRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.Fire;
        public override string AttributeName => "NetGen.FireAttribute";
        public override string NamePrefix => "Fire";

        public override LayerSpec Parse(AttributeArguments a) => new FireSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Squeeze = a.Int(0, 0), Expand1x1 = a.Int(1, 0), Expand3x3 = a.Int(2, 0),
        };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            BlockExpander.Fire(graph, (FireSpec)spec, name, input);
    }
}
