using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[Rbf(classes, Trainable)], [Softmax] or [LogSoftmax] as written.</summary>
    internal sealed record OutputSpec : LayerSpec
    {
        public int Classes { get; init; }
        public bool Trainable { get; init; }
    }

    /// <summary>Output layers have nothing of their own beyond the header (the RBF's centres are its weights).</summary>
    internal sealed record OutputLayer : LayerPayload;

    /// <summary>The output layers, which end a network: LeNet's Euclidean RBF units, softmax and log-softmax (Emit/OutputEmitter.cs).</summary>
    internal sealed class OutputRoom(LayerKind kind) : LayerRoom
    {
        public override LayerKind Kind => kind;
        public override string AttributeName => "NetGen." + kind + "Attribute";
        public override string NamePrefix => "Output";
        public override bool EndsNetwork => true;
        public override string DefaultName(int position) => "Output";

        public override LayerSpec Parse(AttributeArguments a) => new OutputSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location,
            Classes = kind == LayerKind.Rbf ? a.Int(0, 0) : 0, Trainable = a.Flag("Trainable"),
        };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (OutputSpec)layerSpec;
            int n = input.Length;
            var layer = new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = n, OutH = 1, OutW = 1,
                Payload = new OutputLayer(),
            };
            if (kind != LayerKind.Rbf) return layer;
            int classes = spec.Classes;
            if (!Checks.CheckAtLeast(name, "classes", classes, 1, spec.Location, diagnostics)
                || !Checks.Fits(name, "the weights", (long)classes * n, spec.Location, diagnostics)) return null;
            return layer with
            {
                OutC = classes, Trainable = spec.Trainable,
                Parameters = new[] { Slot.Tensor(Slot.Weight, classes, n) }.ToEquatableArray(),
                Connections = (long)classes * n, MultiplyAdds = (long)classes * n,
            };
        }

        public override string Label(LayerModel l) => kind switch { LayerKind.Rbf => "rbf", LayerKind.LogSoftmax => "log softmax", _ => "softmax" };

        public override void Architecture(StringBuilder text, LayerModel l)
        {
            if (kind == LayerKind.Rbf) text.Append(' ').Append(l.OutC);
        }

        public override void EmitInitialization(SourceWriter w, LayerModel l)
        {
            if (kind == LayerKind.Rbf)
                w.Line($"Initialization.RbfCentres(_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount}), classes: {l.OutC}, inputs: {l.InLength}, random);  // {l.Name}");
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => OutputEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => OutputEmitter.EmitBackward(w, l);
    }
}
