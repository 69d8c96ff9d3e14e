using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// DenseNet's concatenations, whose parts other nodes read too, as NetGen's Concat layer (torch.cat dim 1: y = [a ; b]):
    /// NetGen's exporter writes Concat(previous concatenation, new maps) per dense layer; torch.onnx.export writes each
    /// dense layer's torch.cat(features, 1) as a Concat of every earlier output, the previous Concat's inputs plus one.
    /// Such a Concat reads the previous Concat's value instead (its reads of the shared inputs are not counted, so the new
    /// part is read once), and a Concat of n parts becomes n - 1 Concat layers. A Concat layer writes its second operand's
    /// gradient in place, so a second operand that other nodes read too is copied first (a ChannelSlice of all its maps).
    /// A Concat whose parts only it reads stays a region its parts' layers write their slices of (OnnxImporter.Joins.cs).
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>Concat nodes (by index) whose inputs are an earlier Concat's (the value) plus one more.</summary>
        private readonly Dictionary<int, int> _concatPrefix = new();

        /// <summary>Finds each Concat whose inputs but the last are exactly an earlier Concat's, on the same axis (names: ONNX values are assigned once).</summary>
        private void FindConcatPrefixes(OnnxGraph graph)
        {
            var lists = new Dictionary<string, int>(System.StringComparer.Ordinal);
            for (int i = 0; i < graph.Nodes.Count; i++)
            {
                var node = graph.Nodes[i];
                if (node.OpType != "Concat" || (node.Domain.Length > 0 && node.Domain != "ai.onnx") || node.Inputs.Any(n => n.Length == 0)
                    || node.Outputs.Count == 0 || node.Outputs[0].Length == 0) continue;
                long axis = node.Int("axis", 1);
                if (node.Inputs.Count >= 2 && lists.TryGetValue(Key(node.Inputs, node.Inputs.Count - 1, axis), out int earlier)) _concatPrefix[i] = earlier;
                string key = Key(node.Inputs, node.Inputs.Count, axis);
                if (!lists.ContainsKey(key)) lists[key] = i;
            }
        }

        private static string Key(List<string> inputs, int count, long axis) => axis + "\u0001" + string.Join("\u0000", inputs.Take(count));

        /// <summary>The reads <see cref="Run"/> counts of node <paramref name="index"/>: all but an extended Concat's shared inputs (and a run's, <see cref="RunCounted"/>).</summary>
        private int FirstCounted(int index, OnnxNode node) =>
            _inRuns.Contains(index) ? RunCounted(index, node) : _concatPrefix.ContainsKey(index) ? node.Inputs.Count - 1 : 0;

        /// <summary>Concat of computed values: an extension of an earlier Concat, one value (the identity), or a join (<see cref="ConcatJoin"/>).</summary>
        private bool ConcatValues(OnnxNode node)
        {
            if (!MapInputs(node)) return false;
            if (_concatPrefix.TryGetValue(_node, out int earlier)) return ExtendConcat(node, _model.Graph.Nodes[earlier]);
            if (node.Inputs.Count > 1) return ConcatJoin(node);
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            if (problems.Count > 0 || x is null) return Done(node, problems);
            return AxisOne(node, x) && Alias(node);
        }

        private bool AxisOne(OnnxNode node, ActivationValue first)
        {
            long axis = node.Int("axis", 1);
            return axis == 1 || axis == 1 - first.Rank || Refuse(node, $"has axis {axis} on {first.ShapeText}; NetGen concatenates along the maps (axis 1)");
        }

        /// <summary>Concat(earlier's inputs..., last): the earlier Concat's value and the last part.</summary>
        private bool ExtendConcat(OnnxNode node, OnnxNode earlier)
        {
            _values.TryGetValue(earlier.Outputs[0], out var value);
            if (value is RefusedValue) return false;   // reported with the earlier Concat
            if (value is not ActivationValue first || first.Version != _sources[first.Source]!.Version)
                return Refuse(node, $"extends the concatenation of node '{earlier.Label()}', whose output NetGen could not map");
            var problems = new List<string>();
            var last = Chain(node, node.Inputs.Count - 1, problems);
            if (problems.Count > 0 || last is null) return Done(node, problems);
            if (!AxisOne(node, first)) return false;
            if (!SameSize(node, new[] { first, last }, node.Inputs.Count - 1)) return false;
            _uses[first.Source]++;   // the earlier Concat's value: this node's read in place of the shared inputs
            return ConcatLayers(node, first, new[] { last });
        }

        /// <summary>The parts have one rank and spatial size, and each is stored as it is read (not flattened from other maps).</summary>
        private bool SameSize(OnnxNode node, IReadOnlyList<ActivationValue> parts, int lastIndex)
        {
            var first = parts[0];
            if (parts.Any(p => p.Flat != first.Flat || p.H != first.H || p.W != first.W))
                return Refuse(node, $"concatenates {string.Join(", ", parts.Select(p => p.ShapeText))}, which differ in rank or size");
            var source = _sources[parts[parts.Count - 1].Source]!;
            if (source.H != first.H || source.W != first.W)
                return Refuse(node, $"concatenates '{NodeAttributes.Shown(node.Inputs[lastIndex])}', {parts[parts.Count - 1].ShapeText} flattened from maps of {source.H}x{source.W}; NetGen concatenates maps of one size, or flat layer outputs");
            return true;
        }

        /// <summary>
        /// [first ; rest...] as Concat layers, left to right (copies: DenseNet's dense block, which NetGen's [DenseBlock] lays
        /// out in one region, imports as its concatenations copying their operands).
        /// </summary>
        private bool ConcatLayers(OnnxNode node, ActivationValue first, IReadOnlyList<ActivationValue> rest)
        {
            long maps = first.C + rest.Sum(p => (long)p.C);
            if (maps * first.H * first.W > Limits.MaxBufferFloats)
                return Refuse(node, $"concatenates {maps} maps of {first.H}x{first.W}, beyond NetGen's limit of {Limits.MaxBufferFloats} floats");
            string module = Module(node);
            var current = first;
            for (int i = 0; i < rest.Count; i++)
            {
                var part = rest[i];
                var source = _sources[part.Source]!;
                if (part.Source == 0 || _uses[part.Source] != 1 || source.DataRead)
                {
                    var copy = new ChannelSliceSpec { Kind = LayerKind.ChannelSlice, Start = 0, Count = part.C };
                    part = NamedLayer(node, copy, LayerName(null, module + ".copy"), new ActivationValue(part.C, part.H, part.W, part.Flat, 0, 0), new[] { part });
                    _uses[part.Source] = 1;
                }
                var spec = new ConcatSpec { Kind = LayerKind.Concat };
                current = NamedLayer(node, spec, LayerName(null, module), new ActivationValue(current.C + part.C, current.H, current.W, current.Flat, 0, 0), new[] { current, part });
                if (i + 1 < rest.Count) _uses[current.Source] = 1;
            }
            Output(node, current);
            return true;
        }
    }
}
