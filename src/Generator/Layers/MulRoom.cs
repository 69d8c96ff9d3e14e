using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// An elementwise product's spec: only blocks make it (squeeze-and-excitation's scaling), never an attribute.
    /// <see cref="Other"/> is the second operand and <see cref="OtherGradientOffset"/> where its gradient goes.
    /// </summary>
    internal sealed record MulSpec : LayerSpec
    {
        public Value Other { get; init; }
        public int OtherGradientOffset { get; init; }
    }

    /// <summary>The second operand's edge, until <see cref="MulRoom.Plan"/> makes it the layer's second input.</summary>
    internal sealed record MulLayer(Edge Other) : LayerPayload
    {
        /// <summary>Whether the second operand is one value per map ([C,1,1]), broadcast over the first's maps.</summary>
        public bool PerMap { get; init; }
    }

    /// <summary>
    /// y = a * b, b of a's shape or [C,1,1] broadcast over each map (PyTorch's broadcasting, ONNX's Mul); dE/da = dE/dy * b,
    /// dE/db = dE/dy * a (summed over each map when broadcast). Kernels in Emit/MulEmitter.cs.
    /// </summary>
    internal sealed class MulRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.Mul;
        public override string? AttributeName => null;
        public override string NamePrefix => "M";

        public override LayerSpec Parse(AttributeArguments a) => new MulSpec { Kind = Kind, Name = a.Name, Location = a.Location };

        /// <summary>The product's shape is its first input's; the second must be that shape or one value per map.</summary>
        public override LayerModel? Analyze(LayerSpec spec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var mul = (MulSpec)spec;
            var b = mul.Other;
            bool same = b.C == input.C && b.H == input.H && b.W == input.W, perMap = b.C == input.C && b.H == 1 && b.W == 1;
            if (!same && !perMap)
            {
                // Blocks only make broadcastable products; this guards the emitter against a future block that does not.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Location, name,
                    $"a product of {KernelText.Shape(input.C, input.H, input.W)} and {KernelText.Shape(b.C, b.H, b.W)} does not broadcast"));
                return null;
            }
            return new LayerModel
            {
                Name = name, Kind = Kind,
                InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = input.H, OutW = input.W,
                Payload = new MulLayer(new Edge(b.Producer, b.Offset, mul.OtherGradientOffset)) { PerMap = perMap && !same },
                Connections = 2L * input.Length, MultiplyAdds = input.Length,
            };
        }

        /// <summary>The graph builder records the first input's edge; the second joins it here.</summary>
        public override LayerModel Plan(LayerModel layer) =>
            layer.Inputs.Count == 1 ? layer with { Inputs = new[] { layer.Inputs[0], layer.As<MulLayer>().Other }.ToEquatableArray() } : layer;

        public override string Label(LayerModel l) => l.As<MulLayer>().PerMap ? "mul per map" : "mul";

        public override void Architecture(StringBuilder text, LayerModel l) => text.Append(" * ").Append(l.Inputs[1].Producer ?? "input");

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => MulEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => MulEmitter.EmitBackward(w, l);
    }
}
