using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Maps an ONNX graph onto NetGen's layer chain: the same <see cref="LayerSpec"/> records the layer attributes give,
    /// so analysis, planning and emission are the attributes' own. Walks the nodes in file order (ONNX requires a
    /// topological order), folding constants and shape arithmetic, fusing activations into the layer before, and
    /// collecting each layer's weights by NetGen tensor name (NAME.weight, NAME.bias, NAME.running_mean...). Every problem
    /// is a diagnostic on the [OnnxModel] attribute, one per problem: a refused node's outputs are marked, so what reads
    /// them is not reported again. Semantics follow the ONNX operator specification (opsets 7 to 21).
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        private readonly OnnxModel _model;
        private readonly OnnxRequest _request;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly Dictionary<string, ImportValue> _values = new(System.StringComparer.Ordinal);
        private readonly Dictionary<string, int> _readers = new(System.StringComparer.Ordinal);
        private readonly List<ImportedLayer> _layers = new();
        private readonly HashSet<string> _names = new(System.StringComparer.Ordinal);
        private readonly int _errorsBefore;
        /// <summary>The input's batch size when the file fixes it (a model exported for batch 1), else null.</summary>
        private long? _fixedBatch;

        /// <summary>Each layer's tensors by NetGen name: NAME.weight, NAME.bias, NAME.running_mean, NAME.running_var.</summary>
        public Dictionary<string, float[]> Weights { get; } = new(System.StringComparer.Ordinal);

        private OnnxImporter(OnnxModel model, OnnxRequest request, List<DiagnosticInfo> diagnostics)
        {
            _model = model;
            _request = request;
            _diagnostics = diagnostics;
            _errorsBefore = diagnostics.Count;
        }

        private long Opset => _model.DefaultOpset == 0 ? 21 : _model.DefaultOpset;

        /// <summary>The network as layer specs (located on the attribute), or null with the reasons in diagnostics.</summary>
        public static (OnnxNetwork? Network, Dictionary<string, float[]> Weights) Import(OnnxModel model, OnnxRequest request, List<DiagnosticInfo> diagnostics)
        {
            var importer = new OnnxImporter(model, request, diagnostics);
            var spec = importer.Run();
            return (spec, importer.Weights);
        }

        /// <summary>The same, with each tensor's origin in the file's initializers (Load's recipe, OnnxImporter.Origins.cs).</summary>
        public static (OnnxNetwork? Network, Dictionary<string, float[]> Weights) Import(OnnxModel model, OnnxRequest request, List<DiagnosticInfo> diagnostics,
            out System.Func<string, List<OriginTerm>?> origins)
        {
            var importer = new OnnxImporter(model, request, diagnostics);
            var spec = importer.Run();
            origins = importer.OriginOf;
            return (spec, importer.Weights);
        }

        private OnnxNetwork? Run()
        {
            var graph = _model.Graph;
            NewKey(new ImportSource());   // source 0: the network input
            FindConcatPrefixes(graph);
            FindRuns(graph);
            for (int i = 0; i < graph.Nodes.Count; i++)
                for (int j = FirstCounted(i, graph.Nodes[i]); j < graph.Nodes[i].Inputs.Count; j++)
                    Count(graph.Nodes[i].Inputs[j]);
            foreach (var result in graph.Outputs) Count(result.Name);

            if (graph.SparseInitializers > 0)
                Report(DiagnosticDescriptors.OnnxUnsupportedTensor, $"({graph.SparseInitializers} sparse initializers)", "is sparse; NetGen embeds dense float weights only");
            foreach (var t in graph.Initializers)
            {
                if (t.External)
                {
                    Report(DiagnosticDescriptors.OnnxUnsupportedTensor, NodeAttributes.Shown(t.Name),
                        "keeps its data in an external file (data_location EXTERNAL), which NetGen does not read: save the model with its weights inside the .onnx file");
                    _values[t.Name] = RefusedValue.Instance;
                }
                else _values[t.Name] = new ConstantValue(t);
            }
            var input = NetworkInput(graph);
            if (input is null) return null;

            for (int i = 0; i < graph.Nodes.Count; i++) Visit(graph.Nodes[i], i);

            var output = NetworkOutput(graph);
            if (_diagnostics.Count > _errorsBefore || output is null) return null;
            if (_layers.Count == 0)
            {
                Graph("the graph computes no layer (only reshapes and identities): NetGen networks need at least one");
                return null;
            }
            var spec = new NetworkSpec(_request.Namespace, _request.ClassName, _request.Accessibility, input.Value.C, input.Value.H, input.Value.W,
                _layers.Select(l => l.Spec).ToEquatableArray(), _request.Location, UserMembers: _request.UserMembers);
            return new OnnxNetwork(spec, _layers, _sources, output.Source);
        }

        private void Count(string name)
        {
            if (name.Length == 0) return;
            _readers.TryGetValue(name, out int n);
            _readers[name] = n + 1;
        }

        /// <summary>The one graph input that is not an initializer: [N,C,H,W] or [N,D] floats, N fixed or symbolic.</summary>
        private (int C, int H, int W)? NetworkInput(OnnxGraph graph)
        {
            var inputs = graph.Inputs.Where(i => !_values.ContainsKey(i.Name)).ToList();
            if (inputs.Count != 1)
            {
                Graph($"the graph has {inputs.Count} inputs ({string.Join(", ", inputs.Take(5).Select(i => "'" + NodeAttributes.Shown(i.Name) + "'"))}) besides its initializers; a NetGen network has exactly one");
                return null;
            }
            var x = inputs[0];
            string name = NodeAttributes.Shown(x.Name);
            if (!x.IsTensor || x.ElemType != OnnxTensor.Float)
            {
                Graph($"the input '{name}' is of element type {x.ElemType}, not float (1)");
                return null;
            }
            var shape = x.Shape;
            if (shape is null || (shape.Count != 4 && shape.Count != 2) || shape.Skip(1).Any(d => d.Value is null || d.Value < 1))
            {
                Graph($"the input '{name}' has shape [{(shape is null ? "unknown" : string.Join(",", shape))}]; NetGen needs [N,C,H,W] or [N,D] with C, H, W, D fixed and positive");
                return null;
            }
            long c = shape[1].Value!.Value, h = shape.Count == 4 ? shape[2].Value!.Value : 1, w = shape.Count == 4 ? shape[3].Value!.Value : 1;
            if (h > Limits.MaxExtent || w > Limits.MaxExtent || c > Limits.MaxBufferFloats || c * h * w > Limits.MaxBufferFloats)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxDimensionTooLarge, _request.Location, _request.ClassName,
                    $"the input '{name}'", string.Join(",", shape), $"{Limits.MaxExtent} rows or columns and {Limits.MaxBufferFloats} floats"));
                return null;
            }
            _fixedBatch = shape[0].Value;
            _sources[0]!.C = (int)c;
            _sources[0]!.H = (int)h;
            _sources[0]!.W = (int)w;
            Bind(x.Name, new ActivationValue((int)c, (int)h, (int)w, shape.Count == 2, 0, 0));
            return ((int)c, (int)h, (int)w);
        }

        /// <summary>The one graph output: a computed value (a formula maps here) that every layer leads to.</summary>
        private ActivationValue? NetworkOutput(OnnxGraph graph)
        {
            if (graph.Outputs.Count != 1)
            {
                Graph($"the graph has {graph.Outputs.Count} outputs; a NetGen network has exactly one");
                return null;
            }
            string name = graph.Outputs[0].Name;
            if (!_values.TryGetValue(name, out var value))
            {
                Graph($"the output '{NodeAttributes.Shown(name)}' is produced by no node");
                return null;
            }
            if (value is ExprValue e) value = Map(e);
            if (value is RefusedValue || value is null) return null;
            if (value is not ActivationValue a || a.Source == 0)
            {
                Graph($"the output '{NodeAttributes.Shown(name)}' is {(value is ConstantValue ? "a constant" : value is PaddedValue ? "a Pad node's output" : "the network input")}, not a value the network computes");
                return null;
            }
            if (a.Version != _sources[a.Source]!.Version)
            {
                Graph($"the output '{NodeAttributes.Shown(name)}' is the value before an activation that NetGen fused into its layer, which other nodes read");
                return null;
            }
            // Every layer's output is read by a later layer or a concatenation, or is the network's output.
            var read = new HashSet<int>(_layers.SelectMany(l => l.Inputs));
            foreach (var s in _sources)
                if (s?.Parts is { } parts) read.UnionWith(parts);
            var outputs = new HashSet<int> { a.Source };
            if (_sources[a.Source]!.Parts is { } outputParts) outputs.UnionWith(outputParts);
            for (int key = 1; key < _sources.Count; key++)
                if (_sources[key] is { Layer: >= 0 } s && !read.Contains(key) && !outputs.Contains(key))
                {
                    Graph($"the output '{NodeAttributes.Shown(name)}' does not depend on node '{_layers[s.Layer].Node}': NetGen computes only what leads to the output");
                    return null;
                }
            return a;
        }

        private void Visit(OnnxNode node, int index)
        {
            // A node inside a run was mapped with the run's head.
            bool head = _runs.TryGetValue(index, out var run);
            if (_inRuns.Contains(index) && !head) return;
            // The node's own problems first, reported even when its input was refused already.
            var problems = Audit(node);
            foreach (var problem in problems) Refuse(node, problem);
            bool refused = problems.Count > 0;
            bool formula = FormulaOps.Contains(node.OpType);
            foreach (var input in node.Inputs)
            {
                if (input.Length == 0) continue;
                if (!_values.TryGetValue(input, out var value))
                {
                    Graph($"node '{node.Label()}' ({node.OpType}) reads '{NodeAttributes.Shown(input)}', which no input, initializer or earlier node produces (the nodes are out of order, or form a cycle)");
                    refused = true;
                }
                else if (value is RefusedValue) refused = true;
                // What reads a formula as data maps it first (once; every reader shares the layer).
                else if (!refused && !formula && value is ExprValue e && Map(e) is null) refused = true;
            }
            _node = index;
            if (head && refused) RefuseOutputs(_model.Graph.Nodes[run!.Rest[run.Rest.Length - 1]]);
            if (refused || !(head ? MapRun(node, run!) : Dispatch(node))) RefuseOutputs(node);
        }

        /// <summary>The index of the node being mapped (formulas record which reads are theirs).</summary>
        private int _node;

        /// <summary>Input <paramref name="index"/>: a formula that was mapped reads as the value it maps to.</summary>
        private ImportValue? Input(OnnxNode node, int index)
        {
            if (index >= node.Inputs.Count || node.Inputs[index].Length == 0) return null;
            var value = _values[node.Inputs[index]];
            return value is ExprValue { Mapped: { } mapped } ? mapped : value;
        }

        private void Output(OnnxNode node, ImportValue value, int index = 0)
        {
            if (index < node.Outputs.Count && node.Outputs[index].Length > 0) Bind(node.Outputs[index], value);
        }

        /// <summary>Names a value; a computed value or formula counts the name's readers.</summary>
        private void Bind(string name, ImportValue value)
        {
            _values[name] = value;
            _readers.TryGetValue(name, out int readers);
            if (value is ActivationValue a) _uses[a.Source] += readers;
            else if (value is ExprValue e) _uses[e.Key] += readers;
        }

        /// <summary>A node that passes its input on under another name (or reads only its shape): that read is not a use.</summary>
        private void Transfer(ImportValue? value)
        {
            if (value is ActivationValue a) _uses[a.Source]--;
            else if (value is ExprValue e) _uses[e.Key]--;
        }

        private bool Read(string name) => _readers.ContainsKey(name);

        private bool Refuse(OnnxNode node, string problem)
        {
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxUnsupportedNode, _request.Location, _request.ClassName, node.Label(), NodeAttributes.Shown(node.OpType), problem));
            return false;
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string subject, string problem) =>
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, _request.Location, _request.ClassName, subject, problem));

        private void Graph(string problem) =>
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxUnsupportedGraph, _request.Location, _request.ClassName, problem));
    }
}
