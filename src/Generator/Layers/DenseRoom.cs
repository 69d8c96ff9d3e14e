using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[Dense(units, activation)] as written.</summary>
    internal sealed record DenseSpec : LayerSpec
    {
        public int Units { get; init; }
    }

    /// <summary>A dense layer has nothing of its own beyond the header: weights [out][in], biases [out].</summary>
    internal sealed record DenseLayer : LayerPayload;

    /// <summary>Full connection over the flattened input (Emit/DenseEmitter.cs).</summary>
    internal sealed class DenseRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.Dense;
        public override string AttributeName => "NetGen.DenseAttribute";
        public override string NamePrefix => "F";

        public override LayerSpec Parse(AttributeArguments a) => new DenseSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Units = a.Int(0, 0), Activation = a.Int(1, 0),
        };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (DenseSpec)layerSpec;
            int units = spec.Units, n = input.Length;
            if (!Checks.CheckAtLeast(name, "units", units, 1, spec.Location, diagnostics)
                || !Checks.Fits(name, "the weights", (long)units * n, spec.Location, diagnostics)) return null;
            return new LayerModel
            {
                Name = name, Kind = Kind, Activation = (ActivationKind)spec.Activation,
                InC = input.C, InH = input.H, InW = input.W, OutC = units, OutH = 1, OutW = 1,
                Payload = new DenseLayer(),
                Parameters = new[] { Slot.Tensor(Slot.Weight, units, n), Slot.Tensor(Slot.Bias, units) }.ToEquatableArray(),
                Connections = (long)units * (n + 1), MultiplyAdds = (long)units * n,
            };
        }

        public override string Label(LayerModel l) => "dense";

        public override void Architecture(StringBuilder text, LayerModel l) => text.Append(' ').Append(l.OutC);

        public override void EmitInitialization(SourceWriter w, LayerModel l) =>
            w.Line($"Initialization.Weights(_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount}), fanIn: {l.InLength}, fanOut: {l.OutC}, Activation.{l.Activation}, random);  // {l.Name}");

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => DenseEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => DenseEmitter.EmitBackward(w, l);
    }
}
