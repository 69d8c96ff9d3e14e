using System.Collections.Generic;
using System.Linq;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// A concatenation's spec: only blocks make it (DenseNet's dense blocks), never an attribute. <see cref="Second"/> is
    /// the second operand (null: the layer copies its input); <see cref="ReaderSlots"/> are private gradient slots that
    /// readers of the output wrote their share of dE/doutput to, added into the output's gradient before it is split.
    /// </summary>
    internal sealed record ConcatSpec : LayerSpec
    {
        public Value? Second { get; init; }
        public EquatableArray<int> ReaderSlots { get; init; } = EquatableArray<int>.Empty;
    }

    /// <summary>The second operand's edge (until <see cref="ConcatRoom.Plan"/> makes it the second input) and the reader slots.</summary>
    internal sealed record ConcatLayer(Edge? Second, EquatableArray<int> ReaderSlots) : LayerPayload;

    /// <summary>
    /// y = [a ; b] along the maps (torch.cat dim 1, ONNX Concat axis 1), or y = a without b. The layout is [C][H][W], so a
    /// concatenation is a's floats followed by b's: when a block places the operands where y's parts sit (DenseNet's dense
    /// block writes every layer's maps after the earlier ones in one region) forward and backward copy nothing, and the
    /// layer only adds its readers' private gradient slots into dE/dy (the gradient of a region several layers read).
    /// An operand elsewhere is copied in, and its gradient copied out.
    /// </summary>
    internal sealed class ConcatRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.Concat;
        public override string? AttributeName => null;
        public override string NamePrefix => "Cat";

        public override LayerSpec Parse(AttributeArguments a) => new ConcatSpec { Kind = Kind, Name = a.Name, Location = a.Location };

        public override LayerModel? Analyze(LayerSpec spec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var cat = (ConcatSpec)spec;
            int secondC = cat.Second?.C ?? 0;
            if (cat.Second is { } b && (b.H != input.H || b.W != input.W || (long)input.C + b.C > Limits.MaxBufferFloats))
            {
                // Blocks only concatenate maps of one size; this guards the emitter against a future block that does not.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Location, name,
                    $"a concatenation of {KernelText.Shape(input.C, input.H, input.W)} and {KernelText.Shape(b.C, b.H, b.W)}"));
                return null;
            }
            var second = cat.Second is { } s ? new Edge(s.Producer, s.Offset, s.Offset) : null;
            return new LayerModel
            {
                Name = name, Kind = Kind,
                InC = input.C, InH = input.H, InW = input.W, OutC = input.C + secondC, OutH = input.H, OutW = input.W,
                Payload = new ConcatLayer(second, cat.ReaderSlots),
            };
        }

        /// <summary>The graph builder records the first input's edge; the second joins it here.</summary>
        public override LayerModel Plan(LayerModel layer) =>
            layer.Inputs.Count == 1 && layer.As<ConcatLayer>().Second is { } second
                ? layer with { Inputs = new[] { layer.Inputs[0], second }.ToEquatableArray() } : layer;

        public override string Label(LayerModel l) => "concat";

        public override void Architecture(StringBuilder text, LayerModel l)
        {
            if (l.Inputs.Count > 1) text.Append(" ++ ").Append(l.Inputs[1].Producer ?? "input");
        }

        public override long SourceChars(LayerModel layer) => 3_000 + 80L * layer.As<ConcatLayer>().ReaderSlots.Count;

        /// <summary>The operands and where each sits in the output: (edge, first float of y's part, floats).</summary>
        private static IEnumerable<(Edge Edge, int At, int Length)> Parts(LayerModel l)
        {
            int hw = l.OutH * l.OutW;
            yield return (l.Inputs[0], l.OutOffset, l.InC * hw);
            if (l.Inputs.Count > 1) yield return (l.Inputs[1], l.OutOffset + l.InC * hw, (l.OutC - l.InC) * hw);
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network)
        {
            KernelText.ForwardHeader(w, l, Describe(l));
            foreach (var (edge, at, length) in Parts(l))
                w.Line(edge.Offset == at
                    ? $"// {edge.Producer ?? "the network input"} already sits at {at}: nothing to copy."
                    : $"MemoryMarshal.CreateReadOnlySpan(ref At(_activations, {edge.Offset}), {length}).CopyTo(MemoryMarshal.CreateSpan(ref At(_activations, {at}), {length}));");
            w.Close();
            w.Line();
        }

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            var slots = l.As<ConcatLayer>().ReaderSlots;
            if (slots.Count > 0) w.Line("// dE/doutput: the owner wrote it in place; the other readers wrote private slots, added here.");
            foreach (int slot in slots)
                w.Line($"Vectors.AddScaled<V>(ref At(_activationGradients, {l.OutOffset}), ref At(_activationGradients, {slot}), 1f, {l.OutLength});");
            var copies = Parts(l).Where(p => p.Edge.GradientOffset != p.At).ToList();
            if (copies.Count > 0) w.Line("if (!propagate) return;");
            foreach (var (edge, at, length) in copies)
                w.Line($"MemoryMarshal.CreateReadOnlySpan(ref At(_activationGradients, {at}), {length}).CopyTo(MemoryMarshal.CreateSpan(ref At(_activationGradients, {edge.GradientOffset}), {length}));");
            if (copies.Count == 0) w.Line("// Every operand's gradient is its part of dE/doutput, in place.");
            w.Close();
            w.Line();
        }

        private static string Describe(LayerModel l) =>
            $"concatenation {KernelText.Shape(l.OutC, l.OutH, l.OutW)} of {l.InputName ?? "the input"} ({l.InC} maps)" +
            (l.Inputs.Count > 1 ? $" and {l.Inputs[1].Producer ?? "the input"} ({l.OutC - l.InC} maps)" : "");
    }
}
