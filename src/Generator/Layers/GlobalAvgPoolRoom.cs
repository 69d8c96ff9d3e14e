using System.Collections.Generic;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[GlobalAvgPool()] has no arguments of its own.</summary>
    internal sealed record GlobalAvgPoolSpec : LayerSpec;

    internal sealed record GlobalAvgPoolLayer : LayerPayload;

    /// <summary>Each map's mean (Emit/GlobalPoolEmitter.cs).</summary>
    internal sealed class GlobalAvgPoolRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.GlobalAvgPool;
        public override string AttributeName => "NetGen.GlobalAvgPoolAttribute";
        public override string NamePrefix => "G";

        public override LayerSpec Parse(AttributeArguments a) => new GlobalAvgPoolSpec { Kind = Kind, Name = a.Name, Location = a.Location };

        public override LayerModel? Analyze(LayerSpec spec, string name, Value input, List<DiagnosticInfo> diagnostics) => new LayerModel
        {
            Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = 1, OutW = 1,
            Payload = new GlobalAvgPoolLayer(), Connections = input.Length, MultiplyAdds = input.Length,
        };

        public override string Label(LayerModel l) => "global avg pool";

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => GlobalPoolEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => GlobalPoolEmitter.EmitBackward(w, l);
    }
}
