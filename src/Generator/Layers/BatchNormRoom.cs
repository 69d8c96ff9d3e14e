using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[BatchNorm(activation, Epsilon, Momentum)] as written.</summary>
    internal sealed record BatchNormSpec : LayerSpec
    {
        public double Epsilon { get; init; } = 1e-5;
        public double Momentum { get; init; } = 0.1;
    }

    internal sealed record BatchNormLayer : LayerPayload
    {
        public required double Epsilon { get; init; }
        public required double Momentum { get; init; }
        /// <summary>The plan: the convolution before applies this batch norm while compacting its rows, except with batch statistics.</summary>
        public bool FusedIntoProducer { get; init; }
    }

    /// <summary>Batch normalization per map, batch statistics while training with a sync (Emit/BatchNormEmitter.cs).</summary>
    internal sealed class BatchNormRoom : LayerRoom
    {
        public const string RunningMean = "running_mean", RunningVariance = "running_var";

        public override LayerKind Kind => LayerKind.BatchNorm;
        public override string AttributeName => "NetGen.BatchNormAttribute";
        public override string NamePrefix => "B";

        public override LayerSpec Parse(AttributeArguments a) => new BatchNormSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Activation = a.Int(0, 0),
            Epsilon = a.Real("Epsilon", 1e-5), Momentum = a.Real("Momentum", 0.1),
        };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (BatchNormSpec)layerSpec;
            // Epsilon is added to a float variance: it must survive the conversion to float.
            if (!Checks.CheckReal(name, "Epsilon", spec.Epsilon, float.Epsilon, float.MaxValue, false, spec.Location, diagnostics)
                | !Checks.CheckReal(name, "Momentum", spec.Momentum, 0, 1, false, spec.Location, diagnostics)) return null;
            int c = input.C;
            // Per unit one multiply-add (x * scale + shift, the scale and shift folded per map).
            return new LayerModel
            {
                Name = name, Kind = Kind, Activation = (ActivationKind)spec.Activation,
                InC = c, InH = input.H, InW = input.W, OutC = c, OutH = input.H, OutW = input.W,
                Payload = new BatchNormLayer { Epsilon = spec.Epsilon, Momentum = spec.Momentum },
                Parameters = new[] { Slot.Tensor(Slot.Weight, c), Slot.Tensor(Slot.Bias, c) }.ToEquatableArray(),
                State = new[] { Slot.Tensor(RunningMean, c), Slot.Tensor(RunningVariance, c) }.ToEquatableArray(),
                Connections = (long)input.Length * 2, MultiplyAdds = input.Length,
            };
        }

        public override IEnumerable<Slot> Scratch(LayerModel l)
        {
            yield return new Slot(ScratchRoles.Own, 4L * l.OutC + 2);   // this pass's mean [C], 1/std [C], exchange buffer [2C + 1], mode flag
        }

        public override string Label(LayerModel l) => "batch norm";

        public override void Architecture(StringBuilder text, LayerModel l) =>
            text.Append(" eps ").Append(l.As<BatchNormLayer>().Epsilon.ToString("R", CultureInfo.InvariantCulture));

        public override LayerFacts Facts(LayerModel l) => new() { Rate = l.As<BatchNormLayer>().Momentum, Epsilon = l.As<BatchNormLayer>().Epsilon };

        public override void EmitInitialization(SourceWriter w, LayerModel l)
        {
            w.Line($"_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount}).Fill(1f);  // {l.Name}: scale 1, shift 0");
            w.Line($"_state.AsSpan({l.StateAt(RunningMean)}, {l.OutC}).Clear();  // running mean 0");
            w.Line($"_state.AsSpan({l.StateAt(RunningVariance)}, {l.OutC}).Fill(1f);  // running variance 1");
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) =>
            BatchNormEmitter.EmitForward(w, l, l.As<BatchNormLayer>().FusedIntoProducer);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => BatchNormEmitter.EmitBackward(w, l);
    }
}
