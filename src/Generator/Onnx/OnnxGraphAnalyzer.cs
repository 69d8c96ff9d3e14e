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
            var layers = network.Layers;
            var sources = network.Sources;
            int errorsBefore = diagnostics.Count;
            foreach (var l in layers)
            {
                string? problem = NetworkAnalyzer.NameProblem(l.Spec.Name!);
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerName, spec.Location, NodeAttributes.Shown(l.Spec.Name!), problem));
                    return null;
                }
            }
            for (int i = 0; i + 1 < layers.Count; i++)
                if (LayerRooms.Of(layers[i].Spec).EndsNetwork)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAfterOutput, spec.Location, layers[i + 1].Spec.Name!, layers[i].Spec.Name!));
                    return null;
                }
            if (!Checks.Fits(spec.ClassName, "the input", (long)spec.Channels * spec.Height * spec.Width, spec.Location, diagnostics)) return null;

            // Which source each layer writes, and which concatenation slice (source, first map) a part layer fills.
            var produces = new int[layers.Count];
            var slice = new Dictionary<int, (int Concat, int Map)>();
            for (int s = 0; s < sources.Count; s++)
            {
                if (sources[s] is not { } source) continue;
                if (source.Layer >= 0) produces[source.Layer] = s;
                if (source.Parts is null) continue;
                int map = 0;
                foreach (int part in source.Parts)
                {
                    slice[sources[part]!.Layer] = (s, map);
                    map += sources[part]!.C;
                }
            }
            var inputs = OrderOperands(layers, sources, out var firstRead);
            // A value with several readers needs its first read on an edge 0, where the merge after that layer adds the slots.
            var readCount = new Dictionary<int, int>();
            foreach (var edges in inputs)
                foreach (int s in edges) readCount[s] = readCount.TryGetValue(s, out int n) ? n + 1 : 1;
            foreach (var pair in firstRead)
                if (pair.Value.Edge != 0 && readCount[pair.Key] > 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxUnsupportedGraph, spec.Location, spec.ClassName,
                        $"node '{layers[pair.Value.Layer].Node}' adds two values that other layers read as well; NetGen's joins give one of them its gradient alone"));
                    return null;
                }

            var graph = new GraphBuilder(spec.Channels * spec.Height * spec.Width, diagnostics);
            var values = new Value?[sources.Count];
            values[0] = new Value(0, spec.Channels, spec.Height, spec.Width, null);
            var regions = new Dictionary<int, int>();
            var written = new Dictionary<int, int>();
            var firstIndex = new Dictionary<int, int>();
            var merges = new Dictionary<int, List<int>>();
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                int outOffset = -1, channel = 0;
                string? sliceOf = null;
                if (slice.TryGetValue(i, out var part))
                {
                    var concat = sources[part.Concat]!;
                    if (!regions.TryGetValue(part.Concat, out int region))
                    {
                        if (!Checks.Fits(concat.Name!, "the concatenation", (long)concat.C * concat.H * concat.W, spec.Location, diagnostics)) return null;
                        regions[part.Concat] = region = graph.Plan.Activation(concat.C * concat.H * concat.W);
                    }
                    outOffset = region + part.Map * concat.H * concat.W;
                    channel = part.Map;
                    sliceOf = concat.Name;
                }
                var read = new Value[inputs[i].Length];
                var gradient = new int[read.Length];
                for (int e = 0; e < read.Length; e++)
                {
                    int s = inputs[i][e];
                    read[e] = values[s]!.Value;
                    if (firstRead[s] == (i, e))
                    {
                        gradient[e] = read[e].Offset;
                        firstIndex[s] = graph.Count;
                    }
                    else
                    {
                        gradient[e] = graph.PrivateGradient(read[e].Length);
                        int owner = firstIndex[s];
                        if (!merges.TryGetValue(owner, out var slots)) merges[owner] = slots = new List<int>();
                        slots.Add(gradient[e]);
                    }
                }
                var output = layer.Spec.Kind switch
                {
                    LayerKind.Add => graph.JoinWired(layer.Spec, layer.Spec.Name!, read[0], gradient[0], read[1], gradient[1], outOffset, channel, sliceOf),
                    // The product's second operand rides in its spec, as the squeeze-and-excitation block gives it.
                    // A concatenation's second operand rides in its spec too; the importer made this its only reader.
                    LayerKind.Concat when gradient[1] == read[1].Offset =>
                        graph.Add(((ConcatSpec)layer.Spec) with { Second = read[1] }, layer.Spec.Name!, read[0], outOffset, gradient[0], channel, sliceOf),
                    LayerKind.Concat => Unwired(layer, spec, diagnostics),
                    LayerKind.Mul => graph.Add(((MulSpec)layer.Spec) with { Other = read[1], OtherGradientOffset = gradient[1] }, layer.Spec.Name!, read[0], outOffset, gradient[0], channel, sliceOf),
                    _ => graph.Add(layer.Spec, layer.Spec.Name!, read[0], outOffset, gradient[0], channel, sliceOf),
                };
                if (output is null) return null;   // reported; later shapes would be meaningless
                values[produces[i]] = output.Value;
                if (slice.TryGetValue(i, out part))
                {
                    written[part.Concat] = written.TryGetValue(part.Concat, out int n) ? n + 1 : 1;
                    var concat = sources[part.Concat]!;
                    if (written[part.Concat] == concat.Parts!.Length)
                        values[part.Concat] = new Value(regions[part.Concat], concat.C, concat.H, concat.W, concat.Name);
                }
            }
            foreach (var pair in merges) graph.MergeAfter(pair.Key, pair.Value);
            if (diagnostics.Count > errorsBefore || values[network.Output] is not { } result) return null;
            if (!graph.Plan.Fits(spec.ClassName, spec.Location, diagnostics) || !graph.Members.AllowsClass(spec.ClassName, spec.UserMembers, spec.Location, diagnostics))
                return null;

            var planned = Planner.Fuse(graph.Layers, result.Producer);
            return new NetworkModel
            {
                Namespace = spec.Namespace, ClassName = spec.ClassName, Accessibility = spec.Accessibility,
                InC = spec.Channels, InH = spec.Height, InW = spec.Width,
                Layers = planned.ToEquatableArray(),
                ParameterCount = (int)graph.Plan.Parameters, ActivationLength = (int)graph.Plan.Activations,
                ScratchLength = (int)graph.Plan.Scratch, StateLength = (int)graph.Plan.State,
                Architecture = ArchitectureText.Describe(spec, planned),
                OutputOffset = result.Offset, OutputLength = result.Length,
            };
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
