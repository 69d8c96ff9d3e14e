using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[LocalResponseNorm(size, Alpha, Beta, K)] as written.</summary>
    internal sealed record LocalResponseNormSpec : LayerSpec
    {
        public int Size { get; init; }
        public double Alpha { get; init; } = 1e-4;
        public double Beta { get; init; } = 0.75;
        public double K { get; init; } = 2;
    }

    /// <summary>LRN's own part: the window of maps and the constants of s = K + alpha/n * sum of squares.</summary>
    internal sealed record LocalResponseNormLayer : LayerPayload
    {
        public required int Size { get; init; }
        public required double Alpha { get; init; }
        public required double Beta { get; init; }
        public required double K { get; init; }
        public override int Extent => Size;
    }

    /// <summary>Local response normalization across maps, PyTorch's window (Emit/NormEmitter.cs).</summary>
    internal sealed class LocalResponseNormRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.LocalResponseNorm;
        public override string AttributeName => "NetGen.LocalResponseNormAttribute";
        public override string NamePrefix => "N";

        public override LayerSpec Parse(AttributeArguments a) => new LocalResponseNormSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Size = a.Int(0, 0),
            Alpha = a.Real("Alpha", 1e-4), Beta = a.Real("Beta", 0.75), K = a.Real("K", 2),
        };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (LocalResponseNormSpec)layerSpec;
            var at = spec.Location;
            // s = K + alpha/n * (sum of squares) >= K > 0, so s^-beta is defined.
            if (!Checks.CheckExtent(name, "size", spec.Size, 1, at, diagnostics)
                | !Checks.CheckReal(name, "Alpha", spec.Alpha, 0, float.MaxValue, false, at, diagnostics)
                | !Checks.CheckReal(name, "Beta", spec.Beta, -float.MaxValue, float.MaxValue, false, at, diagnostics)
                | !Checks.CheckReal(name, "K", spec.K, 0, float.MaxValue, true, at, diagnostics)) return null;
            long n = input.Length;
            // Per output: the squares of Size maps summed, one power: counted as Size multiply-adds.
            return new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = input.H, OutW = input.W,
                Payload = new LocalResponseNormLayer { Size = spec.Size, Alpha = spec.Alpha, Beta = spec.Beta, K = spec.K },
                Connections = n * spec.Size, MultiplyAdds = n * spec.Size,
            };
        }

        public override IEnumerable<Slot> Scratch(LayerModel l)
        {
            yield return new Slot(ScratchRoles.Own, l.OutLength);           // each unit's denominator base s
            yield return new Slot(ScratchRoles.OwnGradient, l.OutLength);   // backward's delta * y / s
        }

        public override string Label(LayerModel l) => $"lrn {l.As<LocalResponseNormLayer>().Size}";

        public override void Architecture(StringBuilder text, LayerModel l)
        {
            var lrn = l.As<LocalResponseNormLayer>();
            text.Append(" n").Append(lrn.Size).Append(" alpha ").Append(R(lrn.Alpha)).Append(" beta ").Append(R(lrn.Beta)).Append(" k ").Append(R(lrn.K));
        }

        private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        public override LayerFacts Facts(LayerModel l)
        {
            var lrn = l.As<LocalResponseNormLayer>();
            return new LayerFacts { Kernel = lrn.Size, Alpha = lrn.Alpha, Beta = lrn.Beta, K = lrn.K };
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => NormEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => NormEmitter.EmitBackward(w, l);
    }
}
