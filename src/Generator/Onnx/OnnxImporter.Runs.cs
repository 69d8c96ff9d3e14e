using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Runs of nodes that together are one NetGen layer, found before the walk from the operators and the names alone
    /// (the weights are checked when the run is mapped, OnnxImporter.RunLayers.cs):
    /// <list type="bullet">
    /// <item>cross-map LRN as NetGen's exporter writes an even size (ONNX's LRN centres an even window one map later than
    /// PyTorch): Mul(x, x), Conv 1x1 of the squares, Pow, Mul with x;</item>
    /// <item>LeNet's Euclidean RBF: Unsqueeze(x) to [N,1,D], Sub of the centres [C,D], ReduceSumSquare over D.</item>
    /// </list>
    /// Each value inside a run is read by the next node of the run alone. The head node maps the whole run and names the
    /// last node's output; the other nodes are skipped (not audited, their reads not counted).
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        private enum RunKind { CrossMapLrn, Rbf }

        /// <summary>A run by its head's index: the later nodes' indices in order (the last one's output is the layer's).</summary>
        private sealed class NodeRun
        {
            public NodeRun(RunKind kind, int[] rest)
            {
                Kind = kind; Rest = rest;
            }

            public RunKind Kind { get; }
            public int[] Rest { get; }
        }

        private readonly Dictionary<int, NodeRun> _runs = new();
        private readonly HashSet<int> _inRuns = new();

        /// <summary>Finds every run; a node belongs to one run at most.</summary>
        private void FindRuns(OnnxGraph graph)
        {
            var readers = new Dictionary<string, List<int>>(System.StringComparer.Ordinal);
            for (int i = 0; i < graph.Nodes.Count; i++)
                foreach (string input in graph.Nodes[i].Inputs.Distinct())
                    if (input.Length > 0)
                    {
                        if (!readers.TryGetValue(input, out var list)) readers[input] = list = new List<int>();
                        list.Add(i);
                    }
            var outputs = new HashSet<string>(graph.Outputs.Select(o => o.Name), System.StringComparer.Ordinal);

            // The one node reading node i's only output, when it is of operator op and that output is not the graph's.
            int? Next(int i, string op)
            {
                var node = graph.Nodes[i];
                if (node.Outputs.Count != 1 || node.Outputs[0].Length == 0 || outputs.Contains(node.Outputs[0])
                    || !readers.TryGetValue(node.Outputs[0], out var list) || list.Count != 1) return null;
                var next = graph.Nodes[list[0]];
                return next.OpType == op && Standard(next) && !_inRuns.Contains(list[0]) ? list[0] : null;
            }

            for (int i = 0; i < graph.Nodes.Count; i++)
            {
                var node = graph.Nodes[i];
                if (_inRuns.Contains(i) || !Standard(node) || node.Inputs.Count == 0 || node.Inputs[0].Length == 0) continue;
                string x = node.Inputs[0];
                int[]? rest = null;
                RunKind kind = RunKind.CrossMapLrn;
                if (node.OpType == "Mul" && node.Inputs.Count == 2 && node.Inputs[1] == x
                    && Next(i, "Conv") is int conv && graph.Nodes[conv].Inputs[0] == node.Outputs[0]
                    && Next(conv, "Pow") is int pow && graph.Nodes[pow].Inputs[0] == graph.Nodes[conv].Outputs[0]
                    && Next(pow, "Mul") is int end && graph.Nodes[end].Inputs.Count == 2 && graph.Nodes[end].Inputs.Contains(x))
                    rest = new[] { conv, pow, end };
                else if (node.OpType == "Unsqueeze" && Next(i, "Sub") is int sub && graph.Nodes[sub].Inputs.Count == 2 && graph.Nodes[sub].Inputs[0] == node.Outputs[0]
                    && Next(sub, "ReduceSumSquare") is int reduce && graph.Nodes[reduce].Inputs[0] == graph.Nodes[sub].Outputs[0])
                {
                    rest = new[] { sub, reduce };
                    kind = RunKind.Rbf;
                }
                if (rest is null || !ReadsInOrder(graph, i, rest)) continue;
                _runs[i] = new NodeRun(kind, rest);
                _inRuns.Add(i);
                _inRuns.UnionWith(rest);
            }
        }

        /// <summary>Each later node reads one value of the run, the one before it, once (so a run has no cycle of its own).</summary>
        private static bool ReadsInOrder(OnnxGraph graph, int head, int[] rest)
        {
            var own = new HashSet<string>(graph.Nodes[head].Outputs.Concat(rest.SelectMany(i => graph.Nodes[i].Outputs)), System.StringComparer.Ordinal);
            if (graph.Nodes[head].Inputs.Any(own.Contains)) return false;
            string previous = graph.Nodes[head].Outputs[0];
            foreach (int i in rest)
            {
                var inputs = graph.Nodes[i].Inputs;
                if (inputs.Count(own.Contains) != 1 || !inputs.Contains(previous) || graph.Nodes[i].Outputs.Count != 1) return false;
                previous = graph.Nodes[i].Outputs[0];
            }
            return true;
        }

        private static bool Standard(OnnxNode node) => node.Domain.Length == 0 || node.Domain == "ai.onnx";

        /// <summary>The reads <see cref="Run"/> counts of a node in a run: the head's first input once (the LRN's x), nothing inside.</summary>
        private int RunCounted(int index, OnnxNode node) =>
            _runs.TryGetValue(index, out var run) ? (run.Kind == RunKind.CrossMapLrn ? 1 : 0) : node.Inputs.Count;

        /// <summary>Maps a run at its head; false when refused (reported), and then the run's last output is refused too.</summary>
        private bool MapRun(OnnxNode head, NodeRun run)
        {
            var nodes = run.Rest.Select(i => _model.Graph.Nodes[i]).ToArray();
            bool mapped = RunInputsKnown(head, nodes)
                && (run.Kind == RunKind.CrossMapLrn ? CrossMapLrn(head, nodes[0], nodes[1], nodes[2]) : Rbf(head, nodes[0], nodes[1]));
            if (!mapped) RefuseOutputs(nodes[nodes.Length - 1]);
            return mapped;
        }

        /// <summary>
        /// Every input of the run's later nodes is known (an earlier node's output, an initializer, the run's own values) and
        /// not refused: else false, reported as <see cref="Visit"/> reports a node's unknown input (a refused one was already).
        /// </summary>
        private bool RunInputsKnown(OnnxNode head, OnnxNode[] nodes)
        {
            // FindRuns checked that each reads the run's value before it, once, and no other of the run's values.
            var own = new HashSet<string>(head.Outputs.Concat(nodes.SelectMany(n => n.Outputs)), System.StringComparer.Ordinal);
            bool known = true;
            foreach (var node in nodes)
                foreach (string input in node.Inputs)
                {
                    if (input.Length == 0 || own.Contains(input)) continue;
                    if (!_values.TryGetValue(input, out var value))
                    {
                        Graph($"node '{node.Label()}' ({node.OpType}) reads '{NodeAttributes.Shown(input)}', which no input, initializer or earlier node produces (the nodes are out of order, or form a cycle)");
                        known = false;
                    }
                    else if (value is RefusedValue) known = false;
                }
            return known;
        }

        private void RefuseOutputs(OnnxNode node)
        {
            foreach (var output in node.Outputs)
                if (output.Length > 0) _values[output] = RefusedValue.Instance;
        }
    }
}
