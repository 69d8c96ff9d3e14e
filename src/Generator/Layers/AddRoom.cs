using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>A residual join's spec: only blocks make it, never an attribute.</summary>
    internal sealed record AddSpec : LayerSpec;

    /// <summary>An Add reads two values (its <see cref="LayerModel.Inputs"/>); it has nothing else of its own.</summary>
    internal sealed record AddLayer : LayerPayload;

    /// <summary>A residual join: f(input + shortcut), the shortcut being the layer's second input edge (Emit/AddEmitter.cs).</summary>
    internal sealed class AddRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.Add;
        public override string? AttributeName => null;
        public override string NamePrefix => "A";

        public override LayerSpec Parse(AttributeArguments a) => new AddSpec { Kind = Kind, Name = a.Name, Location = a.Location };

        /// <summary>The join's shape is its first input's; the graph builder adds the shortcut's edge.</summary>
        public override LayerModel? Analyze(LayerSpec spec, string name, Value input, List<DiagnosticInfo> diagnostics) => new LayerModel
        {
            Name = name, Kind = Kind, Activation = (ActivationKind)spec.Activation,
            InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = input.H, OutW = input.W,
            Payload = new AddLayer(), Connections = 2L * input.Length, MultiplyAdds = input.Length,
        };

        public override string Label(LayerModel l) => "add";

        public override void Architecture(StringBuilder text, LayerModel l) => text.Append(" + ").Append(l.Inputs[1].Producer ?? "input");

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => AddEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => AddEmitter.EmitBackward(w, l);
    }
}
