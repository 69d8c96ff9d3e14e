using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// <see cref="NetworkAnalyzer"/> for an imported graph: the same rooms, graph builder, memory plan and planner, with each
    /// layer reading the values the file names instead of the previous layer's. The wiring follows the block expanders':
    /// a value's first reader (in layer order) writes its gradient, every later reader writes a private slot that is added
    /// in after the first reader's backward; a concatenation is one region whose parts' layers write their slices.
    /// </summary>
    internal static class OnnxGraphAnalyzer
    {
        public static NetworkModel? Analyze(OnnxNetwork network, List<DiagnosticInfo> diagnostics)
        {
            var spec = network.Spec;
            int errorsBefore = diagnostics.Count;
            if (!CheckLayers(spec, network.Layers, diagnostics)) return null;
            var inputs = OrderOperands(network.Layers, network.Sources, out var firstRead);
            if (!CheckSharedJoins(spec, network.Layers, inputs, firstRead, diagnostics)) return null;
            var wiring = new Wiring(network, diagnostics, firstRead);
            for (int i = 0; i < network.Layers.Count; i++)
                if (!wiring.Add(i, inputs[i])) return null;   // reported; later shapes would be meaningless
            return wiring.Finish(errorsBefore);
        }

        /// <summary>Every layer's name is a member name, no layer follows an output layer, the input fits.</summary>
        private static bool CheckLayers(NetworkSpec spec, IReadOnlyList<ImportedLayer> layers, List<DiagnosticInfo> diagnostics)
        {
            foreach (var l in layers)
            {
                string? problem = NetworkAnalyzer.NameProblem(l.Spec.Name!);
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerName, spec.Location, NodeAttributes.Shown(l.Spec.Name!), problem));
                    return false;
                }
            }
            for (int i = 0; i + 1 < layers.Count; i++)
                if (LayerRooms.Of(layers[i].Spec).EndsNetwork)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAfterOutput, spec.Location, layers[i + 1].Spec.Name!, layers[i].Spec.Name!));
                    return false;
                }
            return Checks.Fits(spec.ClassName, "the input", (long)spec.Channels * spec.Height * spec.Width, spec.Location, diagnostics);
        }

        /// <summary>A value with several readers needs its first read on an edge 0, where the merge after that layer adds the slots.</summary>
        private static bool CheckSharedJoins(NetworkSpec spec, IReadOnlyList<ImportedLayer> layers, int[][] inputs, Dictionary<int, (int Layer, int Edge)> firstRead,
            List<DiagnosticInfo> diagnostics)
        {
            var readCount = new Dictionary<int, int>();
            foreach (var edges in inputs)
                foreach (int s in edges) readCount[s] = readCount.TryGetValue(s, out int n) ? n + 1 : 1;
            foreach (var pair in firstRead)
                if (pair.Value.Edge != 0 && readCount[pair.Key] > 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxUnsupportedGraph, spec.Location, spec.ClassName,
                        $"node '{layers[pair.Value.Layer].Node}' adds two values that other layers read as well; NetGen's joins give one of them its gradient alone"));
                    return false;
                }
            return true;
        }

        /// <summary>
        /// The graph being built, layer by layer in file order: each source's value, the concatenation regions and how many
        /// of their parts are written, and the private gradient slots to merge after each value's first reader.
        /// </summary>
        private sealed class Wiring
        {
            private readonly NetworkSpec _spec;
            private readonly IReadOnlyList<ImportedLayer> _layers;
            private readonly IReadOnlyList<ImportSource?> _sources;
            private readonly int _output;
            private readonly List<DiagnosticInfo> _diagnostics;
            private readonly Dictionary<int, (int Layer, int Edge)> _firstRead;
            private readonly GraphBuilder _graph;
            private readonly Value?[] _values;
            /// <summary>Which source each layer writes, and which concatenation slice (source, first map) a part layer fills.</summary>
            private readonly int[] _produces;
            private readonly Dictionary<int, (int Concat, int Map)> _slice = new();
            private readonly Dictionary<int, int> _regions = new();
            private readonly Dictionary<int, int> _written = new();
            private readonly Dictionary<int, int> _firstIndex = new();
            private readonly Dictionary<int, List<int>> _merges = new();

            public Wiring(OnnxNetwork network, List<DiagnosticInfo> diagnostics, Dictionary<int, (int Layer, int Edge)> firstRead)
            {
                _spec = network.Spec;
                _layers = network.Layers;
                _sources = network.Sources;
                _output = network.Output;
                _diagnostics = diagnostics;
                _firstRead = firstRead;
                _graph = new GraphBuilder(_spec.Channels * _spec.Height * _spec.Width, diagnostics);
                _values = new Value?[_sources.Count];
                _values[0] = new Value(0, _spec.Channels, _spec.Height, _spec.Width, null);
                _produces = new int[_layers.Count];
                for (int s = 0; s < _sources.Count; s++)
                {
                    if (_sources[s] is not { } source) continue;
                    if (source.Layer >= 0) _produces[source.Layer] = s;
                    if (source.Parts is null) continue;
                    int map = 0;
                    foreach (int part in source.Parts)
                    {
                        _slice[_sources[part]!.Layer] = (s, map);
                        map += _sources[part]!.C;
                    }
                }
            }

            /// <summary>Adds layer <paramref name="i"/> reading <paramref name="inputs"/>; false when it was refused (reported).</summary>
            public bool Add(int i, int[] inputs)
            {
                var layer = _layers[i];
                if (!Place(i, out int outOffset, out int channel, out string? sliceOf)) return false;
                var (read, gradient) = Edges(i, inputs);
                var output = layer.Spec.Kind switch
                {
                    LayerKind.Add => _graph.JoinWired(layer.Spec, layer.Spec.Name!, read[0], gradient[0], read[1], gradient[1], outOffset, channel, sliceOf),
                    // The product's second operand rides in its spec, as the squeeze-and-excitation block gives it.
                    // A concatenation's second operand rides in its spec too; the importer made this its only reader.
                    LayerKind.Concat when gradient[1] == read[1].Offset =>
                        _graph.Add(((ConcatSpec)layer.Spec) with { Second = read[1] }, layer.Spec.Name!, read[0], outOffset, gradient[0], channel, sliceOf),
                    LayerKind.Concat => Unwired(layer, _spec, _diagnostics),
                    LayerKind.Mul => _graph.Add(((MulSpec)layer.Spec) with { Other = read[1], OtherGradientOffset = gradient[1] }, layer.Spec.Name!, read[0], outOffset, gradient[0], channel, sliceOf),
                    _ => _graph.Add(layer.Spec, layer.Spec.Name!, read[0], outOffset, gradient[0], channel, sliceOf),
                };
                if (output is null) return false;
                _values[_produces[i]] = output.Value;
                MarkWritten(i);
                return true;
            }

            /// <summary>Where layer <paramref name="i"/> writes: its own output (-1), or its slice of a concatenation's region (placed at its first part).</summary>
            private bool Place(int i, out int outOffset, out int channel, out string? sliceOf)
            {
                (outOffset, channel, sliceOf) = (-1, 0, null);
                if (!_slice.TryGetValue(i, out var part)) return true;
                var concat = _sources[part.Concat]!;
                if (!_regions.TryGetValue(part.Concat, out int region))
                {
                    if (!Checks.Fits(concat.Name!, "the concatenation", (long)concat.C * concat.H * concat.W, _spec.Location, _diagnostics)) return false;
                    _regions[part.Concat] = region = _graph.Plan.Activation(concat.C * concat.H * concat.W);
                }
                (outOffset, channel, sliceOf) = (region + part.Map * concat.H * concat.W, part.Map, concat.Name);
                return true;
            }

            /// <summary>The values read, and where each edge writes its gradient: the value's own slot for its first read, else a private slot merged later.</summary>
            private (Value[] Read, int[] Gradient) Edges(int i, int[] inputs)
            {
                var read = new Value[inputs.Length];
                var gradient = new int[read.Length];
                for (int e = 0; e < read.Length; e++)
                {
                    int s = inputs[e];
                    read[e] = _values[s]!.Value;
                    if (_firstRead[s] == (i, e))
                    {
                        gradient[e] = read[e].Offset;
                        _firstIndex[s] = _graph.Count;
                    }
                    else
                    {
                        gradient[e] = _graph.PrivateGradient(read[e].Length);
                        int owner = _firstIndex[s];
                        if (!_merges.TryGetValue(owner, out var slots)) _merges[owner] = slots = new List<int>();
                        slots.Add(gradient[e]);
                    }
                }
                return (read, gradient);
            }

            /// <summary>A part layer's slice is written: the concatenation's value exists once every part is.</summary>
            private void MarkWritten(int i)
            {
                if (!_slice.TryGetValue(i, out var part)) return;
                _written[part.Concat] = _written.TryGetValue(part.Concat, out int n) ? n + 1 : 1;
                var concat = _sources[part.Concat]!;
                if (_written[part.Concat] == concat.Parts!.Length)
                    _values[part.Concat] = new Value(_regions[part.Concat], concat.C, concat.H, concat.W, concat.Name);
            }

            /// <summary>The merges, the plan's checks and the planner's fusions: the network model, or null (reported).</summary>
            public NetworkModel? Finish(int errorsBefore)
            {
                foreach (var pair in _merges) _graph.MergeAfter(pair.Key, pair.Value);
                if (_diagnostics.Count > errorsBefore || _values[_output] is not { } result) return null;
                return NetworkAnalyzer.Complete(_spec, _graph, result, _diagnostics);
            }
        }

        /// <summary>
        /// Each layer's sources in edge order, an Add's (or a same-shape product's) operands swapped when that lets it own its first operand's gradient;
        /// <paramref name="firstRead"/>: each source's first read (layer, edge).
        /// </summary>
        private static int[][] OrderOperands(IReadOnlyList<ImportedLayer> layers, IReadOnlyList<ImportSource?> sources, out Dictionary<int, (int Layer, int Edge)> firstRead)
        {
            var inputs = layers.Select(l => l.Inputs.ToArray()).ToArray();
            var first = new Dictionary<int, int>();
            for (int i = 0; i < inputs.Length; i++)
                foreach (int s in inputs[i])
                    if (!first.ContainsKey(s)) first[s] = i;
            for (int i = 0; i < inputs.Length; i++)
                if (inputs[i].Length == 2 && first[inputs[i][1]] == i && first[inputs[i][0]] != i && Swappable(layers[i], sources[inputs[i][0]]!, sources[inputs[i][1]]!))
                    inputs[i] = new[] { inputs[i][1], inputs[i][0] };
            firstRead = new Dictionary<int, (int, int)>();
            for (int i = 0; i < inputs.Length; i++)
                for (int e = 0; e < inputs[i].Length; e++)
                    if (!firstRead.ContainsKey(inputs[i][e])) firstRead[inputs[i][e]] = (i, e);
            return inputs;
        }

        /// <summary>An Add's operands, or a product's of one shape (a per-map product keeps the maps first; a concatenation its order).</summary>
        private static bool Swappable(ImportedLayer layer, ImportSource a, ImportSource b) =>
            layer.Spec.Kind == LayerKind.Add || (layer.Spec.Kind == LayerKind.Mul && a.C == b.C && a.H == b.H && a.W == b.W);

        /// <summary>A Concat layer whose second operand another layer read first: the importer copies such operands, so never.</summary>
        private static Value? Unwired(ImportedLayer layer, NetworkSpec spec, List<DiagnosticInfo> diagnostics)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxUnsupportedGraph, spec.Location, spec.ClassName,
                $"node '{layer.Node}' concatenates a value that an earlier layer reads too; NetGen's Concat layer writes its second operand's gradient alone"));
            return null;
        }
    }
}
