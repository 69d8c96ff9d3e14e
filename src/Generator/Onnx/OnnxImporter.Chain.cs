using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Onnx
{
    /// <summary>The chain: reading the running value, adding a layer with its weights, fusing an activation into it.</summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// The serial of the running value: a new layer or a fused activation makes a new one, so any other name for the
        /// old value (read by a branch) is stale and refused instead of silently reading the new data.
        /// </summary>
        private int _serial;

        /// <summary>Input <paramref name="index"/> as the running value, or null (reported) when it is a constant or an older value.</summary>
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
                case ActivationValue { Pending: not 0 }:
                    problems.Add($"reads '{name}', part of a scaled tanh (Mul 2/3, Tanh, Mul 1.7159) that does not complete");
                    return null;
                case ActivationValue a when a.Version != _serial:
                    problems.Add($"reads '{name}', a value that later layers have already consumed: NetGen networks are a chain of layers (branches and skip connections other than [Residual]'s are not expressible)");
                    return null;
                default:
                    return (ActivationValue)value;
            }
        }

        /// <summary>A constant float input (a weight), or null (reported as a node or tensor problem).</summary>
        private float[]? Constant(OnnxNode node, int index, string role, List<string> problems)
        {
            var value = Input(node, index);
            if (value is ConstantValue c)
            {
                if (c.Floats is { } floats) return floats;
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

        /// <summary>Appends a layer (named from its weight tensor, else the node) with its tensors; the node's output is its value.</summary>
        private void AddLayer(OnnxNode node, LayerSpec spec, ActivationValue output, string? weightName, params (string Role, float[] Data)[] tensors)
        {
            string name = spec.Kind is LayerKind.Softmax ? "Output" : LayerName(node, weightName);
            _names.Add(name);
            _layers.Add(spec with { Name = name, Location = _request.Location });
            foreach (var (role, data) in tensors) Weights[name + "." + role] = data;
            _serial++;
            Output(node, new ActivationValue(output.C, output.H, output.W, output.Flat, _serial));
        }

        /// <summary>
        /// A NetGen layer name: the weight's name without ".weight" (PyTorch's "features.0.weight" gives features_0; a NetGen
        /// export's "C1.weight" gives C1 again), else the node's name; letters, digits and '_', unique.
        /// </summary>
        private string LayerName(OnnxNode node, string? weightName)
        {
            string raw = weightName is not null && weightName.EndsWith(".weight", System.StringComparison.Ordinal)
                ? weightName.Substring(0, weightName.Length - ".weight".Length)
                : node.Name.Length > 0 ? node.Name : node.OpType + (_layers.Count + 1);
            var sb = new System.Text.StringBuilder();
            foreach (char ch in raw.TrimStart('/', '.', '_'))
            {
                if (sb.Length == 60) break;
                bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
                sb.Append(ok ? ch : '_');
            }
            string name = sb.Length > 0 && char.IsLetter(sb[0]) ? sb.ToString() : "L" + sb;
            // "Output" is the softmax's name; the generated members use the others as prefixes only.
            if (name == "Output") name = "Output_";
            string unique = name;
            for (int i = 2; _names.Contains(unique); i++) unique = name + "_" + i;
            return unique;
        }

        /// <summary>The last layer, when its activation can still be set: the running value is its output, read once.</summary>
        private LayerSpec? Fusable(string input, ActivationValue x)
        {
            if (_layers.Count == 0 || x.Version != _serial || _readers.TryGetValue(input, out int readers) && readers > 1) return null;
            var last = _layers[_layers.Count - 1];
            return last.Kind is LayerKind.Conv or LayerKind.Dense or LayerKind.BatchNorm or LayerKind.Add && last.Activation == 0 ? last : null;
        }

        /// <summary>Sets the last layer's activation; the running value becomes a new one.</summary>
        private void Fuse(OnnxNode node, ActivationKind activation, ActivationValue x)
        {
            _layers[_layers.Count - 1] = _layers[_layers.Count - 1] with { Activation = (int)activation };
            _serial++;
            Output(node, new ActivationValue(x.C, x.H, x.W, x.Flat, _serial));
        }
    }
}
