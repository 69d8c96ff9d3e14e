using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[Upsample(factor)] as written.</summary>
    internal sealed record UpsampleSpec : LayerSpec
    {
        public int Factor { get; init; }
    }

    internal sealed record UpsampleLayer : LayerPayload
    {
        public required int Factor { get; init; }
        public override int Extent => Factor;
    }

    /// <summary>Nearest-neighbour upsampling (Emit/UpsampleEmitter.cs).</summary>
    internal sealed class UpsampleRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.Upsample;
        public override string AttributeName => "NetGen.UpsampleAttribute";
        public override string NamePrefix => "U";

        public override LayerSpec Parse(AttributeArguments a) => new UpsampleSpec { Kind = Kind, Name = a.Name, Location = a.Location, Factor = a.Int(0, 0) };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (UpsampleSpec)layerSpec;
            var at = spec.Location;
            int f = spec.Factor, h = input.H, w = input.W;
            if (!Checks.CheckExtent(name, "factor", f, 1, at, diagnostics)
                || !Checks.CheckExtent(name, "the output height", (long)h * f, 1, at, diagnostics)
                || !Checks.CheckExtent(name, "the output width", (long)w * f, 1, at, diagnostics)
                || !Checks.Fits(name, "the output", (long)input.Length * f * f, at, diagnostics)) return null;
            return new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = h, InW = w, OutC = input.C, OutH = h * f, OutW = w * f,
                Payload = new UpsampleLayer { Factor = f }, Connections = (long)input.Length * f * f,
            };
        }

        public override string Label(LayerModel l) => $"upsample x{l.As<UpsampleLayer>().Factor}";

        public override void Architecture(StringBuilder text, LayerModel l) => text.Append(" x").Append(l.As<UpsampleLayer>().Factor);

        public override LayerFacts Facts(LayerModel l) => new() { Kernel = l.As<UpsampleLayer>().Factor, Stride = l.As<UpsampleLayer>().Factor };

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => UpsampleEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => UpsampleEmitter.EmitBackward(w, l);
    }
}
