using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[Dropout(rate)] as written.</summary>
    internal sealed record DropoutSpec : LayerSpec
    {
        public double Rate { get; init; } = 0.5;
    }

    internal sealed record DropoutLayer : LayerPayload
    {
        public required double Rate { get; init; }
    }

    /// <summary>Inverted dropout while Training, the identity otherwise (Emit/DropoutEmitter.cs).</summary>
    internal sealed class DropoutRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.Dropout;
        public override string AttributeName => "NetGen.DropoutAttribute";
        public override string NamePrefix => "D";

        public override LayerSpec Parse(AttributeArguments a) => new DropoutSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Rate = a.Real(0, 0.5),
        };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (DropoutSpec)layerSpec;
            if (!(spec.Rate >= 0 && spec.Rate < 1))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutRateOutOfRange, spec.Location, name, spec.Rate));
                return null;
            }
            return new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = input.H, OutW = input.W,
                Payload = new DropoutLayer { Rate = spec.Rate }, Connections = input.Length,
            };
        }

        public override IEnumerable<Slot> Scratch(LayerModel l)
        {
            yield return new Slot(ScratchRoles.Own, l.OutLength);   // each unit's mask
        }

        public override string Label(LayerModel l) => "dropout " + l.As<DropoutLayer>().Rate.ToString(CultureInfo.InvariantCulture);

        public override void Architecture(StringBuilder text, LayerModel l) =>
            text.Append(' ').Append(l.As<DropoutLayer>().Rate.ToString("R", CultureInfo.InvariantCulture));

        public override LayerFacts Facts(LayerModel l) => new() { Rate = l.As<DropoutLayer>().Rate };

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => DropoutEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => DropoutEmitter.EmitBackward(w, l);
    }
}
