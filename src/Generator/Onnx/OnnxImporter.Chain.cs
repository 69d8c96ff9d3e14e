using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// The graph being built: values and who reads them, adding a layer that reads named values with its weights, fusing
    /// an activation into the layer that computed its input.
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>What values come from (the network input is source 0), with a null entry per formula's read count.</summary>
        private readonly List<ImportSource?> _sources = new();
        /// <summary>How many node inputs (and graph outputs) read each source or formula under any of its names, by key.</summary>
        private readonly List<int> _uses = new();

        private int NewKey(ImportSource? source)
        {
            _sources.Add(source);
            _uses.Add(0);
            return _sources.Count - 1;
        }

        /// <summary>Input <paramref name="index"/> as a computed value, or null (reported) when it is a constant or stale.</summary>
        private ActivationValue? Chain(OnnxNode node, int index, List<string> problems)
        {
            var value = Input(node, index);
            string name = index < node.Inputs.Count ? NodeAttributes.Shown(node.Inputs[index]) : "";
            switch (value)
            {
                case null:
                    problems.Add($"has no input {index}");
                    return null;
                case ConstantValue:
                    problems.Add($"computes on the constant '{name}'; NetGen layers compute on the network's value (constant folding covers shape arithmetic only)");
                    return null;
                case ActivationValue a when a.Version != _sources[a.Source]!.Version:
                    problems.Add($"reads '{name}', the value before an activation that NetGen fused into the layer that computed it");
                    return null;
                case ActivationValue a:
                    return a;
                case ShuffleView view:
                    problems.Add($"reads '{name}', {ViewText(view)}");
                    return null;
                case PaddedValue:
                    problems.Add($"reads '{name}', the output of a Pad node; NetGen folds a Pad of zeros only into the Conv or AveragePool that reads it");
                    return null;
                default:
                    problems.Add($"reads '{name}', which NetGen could not map");
                    return null;
            }
        }

        /// <summary>A constant float input (a weight), or null (reported as a node or tensor problem).</summary>
        private float[]? Constant(OnnxNode node, int index, string role, List<string> problems)
        {
            var value = Input(node, index);
            if (value is ConstantValue c)
            {
                if (c.Floats is { } floats) return Derived(floats, Origin(c, OriginOp.Copy));
                Report(DiagnosticDescriptors.OnnxUnsupportedTensor, NodeAttributes.Shown(c.Name.Length > 0 ? c.Name : node.Inputs[index]),
                    $"({role} of node '{node.Label()}') is of data type {c.Tensor?.DataType ?? OnnxTensor.Int64}; NetGen weights are float (1) or double (11)");
                problems.Add("");   // reported as a tensor problem; marks the node refused
                return null;
            }
            problems.Add(value is null ? $"lacks its {role}" : $"takes its {role} from a computed value; NetGen layers have constant weights");
            return null;
        }

        private long[] DimsOf(OnnxNode node, int index) => Input(node, index) is ConstantValue c ? c.Dims : System.Array.Empty<long>();

        /// <summary>Reports each problem (a blank one was reported already) and refuses the node when there is any.</summary>
        private bool Done(OnnxNode node, List<string> problems)
        {
            foreach (var p in problems.Where(p => p.Length > 0)) Refuse(node, p);
            return problems.Count == 0;
        }

        /// <summary>
        /// Appends a layer reading <paramref name="inputs"/> (named from its weight tensor, else the node) with its tensors;
        /// the node's output is its value, of <paramref name="output"/>'s shape.
        /// </summary>
        private void AddLayer(OnnxNode node, LayerSpec spec, ActivationValue output, string? weightName, ActivationValue[] inputs, params (string Role, float[] Data)[] tensors) =>
            Output(node, NewLayer(node, spec, output, weightName, inputs, tensors));

        private ActivationValue NewLayer(OnnxNode node, LayerSpec spec, ActivationValue output, string? weightName, ActivationValue[] inputs, params (string Role, float[] Data)[] tensors) =>
            NamedLayer(node, spec, spec.Kind is LayerKind.Softmax or LayerKind.LogSoftmax or LayerKind.Rbf ? "Output" : LayerName(weightName, Module(node)), output, inputs, tensors);

        /// <summary>The module a node belongs to (<see cref="ModulePath"/>), else its operator numbered by the layer count.</summary>
        private string Module(OnnxNode node) => ModulePath(node.Name) ?? node.OpType + (_layers.Count + 1);

        /// <summary><see cref="NewLayer"/> with the layer's name chosen by the caller (unique already, from <see cref="LayerName"/>).</summary>
        private ActivationValue NamedLayer(OnnxNode node, LayerSpec spec, string name, ActivationValue output, ActivationValue[] inputs, params (string Role, float[] Data)[] tensors)
        {
            foreach (var x in inputs) _sources[x.Source]!.DataRead = true;
            _layers.Add(new ImportedLayer(spec with { Name = name, Location = _request.Location }, inputs.Select(x => x.Source).ToArray(), node.Label()));
            foreach (var (role, data) in tensors) Weights[name + "." + role] = data;
            // A layer that keeps its input's shape, on a flat value flattened from maps, still computes on those maps.
            var shape = (output.C, output.H, output.W);
            if (output.Flat && inputs.Length > 0 && inputs[0].Flat && inputs[0].Length == output.Length && _sources[inputs[0].Source] is { } from
                && spec.Kind is LayerKind.Activation or LayerKind.LeakyRelu or LayerKind.Add or LayerKind.Mul or LayerKind.BatchNorm)
                shape = (from.C, from.H, from.W);
            int source = NewKey(new ImportSource { Layer = _layers.Count - 1, C = shape.Item1, H = shape.Item2, W = shape.Item3 });
            return new ActivationValue(output.C, output.H, output.W, output.Flat, source, 0);
        }

        /// <summary>
        /// The module a node belongs to, from the scope torch.onnx writes as its name: "/layer2/layer2.0/downsample/downsample.0/Conv"
        /// is module layer2.0.downsample.0 (a segment that extends the one before replaces it); NetGen's export's "S3/MaxPool" is
        /// S3; a name of one segment ("/MaxPool_3") is kept whole. Null for an empty name.
        /// </summary>
        internal static string? ModulePath(string nodeName)
        {
            var segments = nodeName.Split(new[] { '/' }, System.StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0) return null;
            if (segments.Length == 1) return segments[0];
            var path = new List<string>();
            foreach (string segment in segments.Take(segments.Length - 1))
            {
                if (path.Count > 0 && segment.StartsWith(path[path.Count - 1] + ".", System.StringComparison.Ordinal)) path[path.Count - 1] = segment;
                else path.Add(segment);
            }
            return string.Join(".", path);
        }

        /// <summary>
        /// A NetGen layer name: the weight's name without ".weight" (PyTorch's "layer1.0.conv1.weight" gives layer1.0.conv1, as
        /// a declared [Residual] names it), else <paramref name="fallback"/>; segments of letters, digits and '_' joined by
        /// '.', starting with a letter, unique (also once '.' becomes '_' in member names).
        /// </summary>
        private string LayerName(string? weightName, string fallback)
        {
            string raw = weightName is not null && weightName.EndsWith(".weight", System.StringComparison.Ordinal)
                ? weightName.Substring(0, weightName.Length - ".weight".Length)
                : fallback;
            var sb = new System.Text.StringBuilder();
            foreach (char ch in raw.TrimStart('/', '.', '_'))
            {
                if (sb.Length == 60) break;
                bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
                // A '.' joins two non-empty segments; anything else becomes '_'.
                if (ch == '.' && sb.Length > 0 && sb[sb.Length - 1] != '.') sb.Append('.');
                else sb.Append(ok ? ch : '_');
            }
            string name = sb.ToString().TrimEnd('.');
            name = name.Length > 0 && char.IsLetter(name[0]) && name[0] < 128 ? name : "L" + name;
            // "Output" is the softmax's name; the generated members use the others as prefixes only.
            if (name == "Output") name = "Output_";
            string unique = name;
            for (int i = 2; _names.Contains(unique.Replace('.', '_')); i++) unique = name + "_" + i;
            _names.Add(unique.Replace('.', '_'));
            return unique;
        }

        /// <summary>
        /// The layer that computed <paramref name="x"/>, when an activation or a bias can still be folded into it: it has no
        /// activation, is of a kind that takes one, and every read of its output is among <paramref name="reads"/>.
        /// </summary>
        private ImportedLayer? Fusable(ActivationValue x, Dictionary<int, int> reads)
        {
            var source = _sources[x.Source]!;
            if (source.Layer < 0 || source.DataRead || x.Version != source.Version) return null;
            foreach (var pair in reads)
                if (_uses[pair.Key] != pair.Value) return null;
            if (!reads.ContainsKey(x.Source)) return null;
            var last = _layers[source.Layer];
            return last.Spec.Kind is LayerKind.Conv or LayerKind.ConvTranspose or LayerKind.Dense or LayerKind.BatchNorm or LayerKind.Add && last.Spec.Activation == 0 ? last : null;
        }

        /// <summary>Sets the layer's activation; its output is a new value (the old one is stale).</summary>
        private ActivationValue Fuse(ImportedLayer layer, ActivationKind activation, ActivationValue x)
        {
            layer.Spec = layer.Spec with { Activation = (int)activation };
            var source = _sources[x.Source]!;
            source.Version++;
            return new ActivationValue(x.C, x.H, x.W, x.Flat, x.Source, source.Version);
        }
    }
}
