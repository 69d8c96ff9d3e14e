using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Joins: an Add of two computed values (ResNet's residual, with or without a projection) becomes NetGen's Add layer
    /// reading both; a Concat along the maps (Inception's branches, SqueezeNet's fire) becomes a region that each part's
    /// layer writes its slice of, as a declared [Inception] or [Fire] does; a Mul of two values NetGen's product layer. Any layer may read any earlier value.
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>Maps the formulas among the node's inputs (a join reads them as data); false when one was refused.</summary>
        private bool MapInputs(OnnxNode node)
        {
            foreach (string input in node.Inputs)
                if (input.Length > 0 && _values[input] is ExprValue e && Map(e) is null) return false;
            return true;
        }

        /// <summary>Add(a, b) of two computed values of one shape (ONNX broadcasting between different shapes is refused).</summary>
        private bool Join(OnnxNode node)
        {
            if (!MapInputs(node)) return false;
            var problems = new List<string>();
            var a = Chain(node, 0, problems);
            var b = Chain(node, 1, problems);
            if (problems.Count > 0 || a is null || b is null) return Done(node, problems);
            if (a.Flat != b.Flat || a.C != b.C || a.H != b.H || a.W != b.W)
                return Refuse(node, $"adds {a.ShapeText} and {b.ShapeText}; NetGen's join adds two values of one shape (no broadcasting)");
            AddLayer(node, new AddSpec { Kind = LayerKind.Add }, a, null, new[] { a, b });
            return true;
        }

        /// <summary>
        /// Mul(a, b) of two computed values (squeeze-and-excitation's x * gate, a gated unit): NetGen's product layer, the
        /// operands of one shape or one of them one value per map ([N,C,1,1], broadcast as ONNX and PyTorch do), which then
        /// becomes the second operand.
        /// </summary>
        private bool MulJoin(OnnxNode node)
        {
            if (!MapInputs(node)) return false;
            var problems = new List<string>();
            var a = Chain(node, 0, problems);
            var b = Chain(node, 1, problems);
            if (problems.Count > 0 || a is null || b is null) return Done(node, problems);
            bool same = a.Flat == b.Flat && a.C == b.C && a.H == b.H && a.W == b.W;
            bool PerMap(ActivationValue maps, ActivationValue gate) => !maps.Flat && !gate.Flat && gate.C == maps.C && gate.H == 1 && gate.W == 1;
            if (!same && !PerMap(a, b) && !PerMap(b, a))
                return Refuse(node, $"multiplies {a.ShapeText} and {b.ShapeText}; NetGen's product takes two values of one shape, or maps and one value per map [N,C,1,1]");
            if (!same && PerMap(b, a)) (a, b) = (b, a);
            AddLayer(node, new MulSpec { Kind = LayerKind.Mul }, a, null, new[] { a, b });
            return true;
        }

        /// <summary>
        /// Concat of computed values on axis 1 (the maps, or the units of flat values): when each part is a layer's output
        /// that only this Concat reads, the layer writes straight into its slice (NetGen copies nothing); otherwise Concat
        /// layers (OnnxImporter.DenseConcat.cs).
        /// </summary>
        private bool ConcatJoin(OnnxNode node)
        {
            if (!MapInputs(node)) return false;
            var problems = new List<string>();
            var parts = new List<ActivationValue>();
            for (int i = 0; i < node.Inputs.Count; i++)
                if (Chain(node, i, problems) is { } part) parts.Add(part);
            if (problems.Count > 0) return Done(node, problems);
            if (parts.Count == 0) return Refuse(node, "has no input");
            var first = parts[0];
            long axis = node.Int("axis", 1);
            if (axis != 1 && axis != 1 - first.Rank)
                problems.Add($"has axis {axis} on {first.ShapeText}; NetGen concatenates along the maps (axis 1)");
            if (parts.Any(p => p.Flat != first.Flat || p.H != first.H || p.W != first.W))
                problems.Add($"concatenates {string.Join(", ", parts.Select(p => p.ShapeText))}, which differ in rank or size");
            // A part that is the input, a concatenation, or read by other nodes too (DenseNet) cannot write its slice: Concat layers copy.
            bool shared = false;
            for (int i = 0; i < parts.Count; i++)
            {
                var source = _sources[parts[i].Source]!;
                string name = NodeAttributes.Shown(node.Inputs[i]);
                if (source.H != parts[i].H || source.W != parts[i].W)
                    problems.Add($"concatenates '{name}', {parts[i].ShapeText} flattened from maps of {source.H}x{source.W}; NetGen concatenates maps of one size, or flat layer outputs");
                else if (source.Layer < 0 || _uses[parts[i].Source] != 1 || source.DataRead)
                    shared = true;
            }
            long maps = parts.Sum(p => (long)p.C);
            if (maps * first.H * first.W > Limits.MaxBufferFloats) problems.Add($"concatenates {maps} maps of {first.H}x{first.W}, beyond NetGen's limit of {Limits.MaxBufferFloats} floats");
            if (problems.Count > 0) return Done(node, problems);
            if (shared) return ConcatLayers(node, first, parts.Skip(1).ToList());
            string concat = LayerName(null, CommonPrefix(parts.Select(p => _layers[_sources[p.Source]!.Layer].Spec.Name!)) ?? (node.Outputs.Count > 0 ? node.Outputs[0] : node.Name));
            foreach (var p in parts) _sources[p.Source]!.DataRead = true;
            int key = NewKey(new ImportSource { Parts = parts.Select(p => p.Source).ToArray(), Name = concat, C = (int)maps, H = first.H, W = first.W, DataRead = false });
            Output(node, new ActivationValue((int)maps, first.H, first.W, first.Flat, key, 0));
            return true;
        }

        /// <summary>The longest dotted prefix the names share ("fire2" for fire2.expand1x1 and fire2.expand3x3), or null.</summary>
        private static string? CommonPrefix(IEnumerable<string> names)
        {
            string[]? common = null;
            foreach (string name in names)
            {
                var segments = name.Split('.');
                if (common is null) common = segments.Take(segments.Length - 1).ToArray();
                int n = 0;
                while (n < common.Length && n < segments.Length - 1 && common[n] == segments[n]) n++;
                common = common.Take(n).ToArray();
            }
            return common is { Length: > 0 } ? string.Join(".", common) : null;
        }
    }
}
