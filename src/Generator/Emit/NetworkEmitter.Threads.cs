using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// One sample's forward on several threads (issue 15 item 5): the <c>Threads</c> property, the team it owns
    /// (global::NetGen.Batching.LayerTeam: the caller is part 0) and the forward every part runs. Split layers
    /// (<see cref="Planner.SplitsForward"/>) compute their share of output maps; runs of unsplit layers go to part 0;
    /// a barrier stands wherever a split layer starts or ends (it reads what others wrote, or they read what it wrote).
    /// Networks without a split layer get none of this.
    /// </summary>
    internal static partial class NetworkEmitter
    {
        private static void ThreadsMembers(SourceWriter w, NetworkModel m)
        {
            if (!m.Layers.Any(Planner.SplitsForward)) return;
            w.Lines("""
                private global::NetGen.Batching.LayerTeam? _team;
                private Action<int>? _forwardPart;
                private Isa _teamIsa;
                /// <summary>
                /// Threads one Forward runs on (the caller and Threads - 1 of this instance's own; default 1). The larger layers
                /// split their output maps among them, with a barrier between layers; the results are the same floats for any
                /// count. Setting 1 stops the threads. Backward still runs on the calling thread. A batch runner's replicas keep 1.
                /// </summary>
                public int Threads
                {
                    get => _team?.Parts ?? 1;
                    set
                    {
                        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
                        if (value == Threads) return;
                        _team?.Dispose();
                        _team = value > 1 ? new global::NetGen.Batching.LayerTeam(value) : null;
                    }
                }

                """);
        }

        /// <summary>
        /// The forward every part runs, one line per split layer or run of unsplit layers (ResNet-152's source budget). A
        /// batch norm the split convolution before it applies outside batch statistics only records its statistics
        /// then, so part 0 runs it without waiting for the other parts unless the network is using batch statistics.
        /// </summary>
        private static void ForwardParts(SourceWriter w, NetworkModel m)
        {
            w.Open("private void ForwardPart(int part)");
            w.Line("int parts = _team!.Parts;");
            IsaDispatch.Switch(w, "_teamIsa", "ForwardLayerParts<V>(part, parts)");
            w.Close();
            w.Line();
            var statements = new System.Collections.Generic.List<(string Group, string Text)>();
            var run = new System.Collections.Generic.List<string>();
            string runGroup = "";
            void Flush()
            {
                if (run.Count == 0) return;
                string calls = run.Count == 1 ? run[0] : "{ " + string.Join(" ", run) + " }";
                statements.Add((runGroup, $"{(statements.Count == 0 ? "" : "S(); ")}if (part == 0) {calls}"));
                run.Clear();
            }
            for (int i = 0; i < m.Layers.Count; i++)
            {
                var l = m.Layers[i];
                int dot = l.Name.LastIndexOf('.');
                string group = dot < 0 ? l.Name : l.Name.Substring(0, dot);
                if (Planner.SplitsForward(l))
                {
                    Flush();
                    statements.Add((group, $"{(statements.Count == 0 ? "" : "S(); ")}{l.Id}_Forward<V>(part, parts);"));
                }
                else if (run.Count == 0 && i > 0 && Planner.SplitsForward(m.Layers[i - 1]) && l.Payload is Layers.BatchNormLayer { FusedIntoProducer: true })
                {
                    statements.Add((group, $"if (L()) {l.Id}_Forward<V>();"));
                }
                else
                {
                    if (run.Count == 0) runGroup = group;
                    run.Add($"{l.Id}_Forward<V>();");
                }
            }
            Flush();
            bool leads = statements.Any(t => t.Text.StartsWith("if (L())"));
            if (leads)
            {
                w.Line("/// <summary>Part 0 runs the batch norm after a split convolution; under batch statistics, once all parts are done.</summary>");
                w.Line("private bool Lead(int part, int parts) { if (parts > 1 && Training && BatchNormSync is not null) _team!.Sync(); return part == 0; }");
                w.Line();
            }
            w.Open($"private void ForwardLayerParts<V>(int part, int parts) {KernelText.Constraint}");
            if (statements.Any(t => t.Text.Contains("S();"))) w.Line("void S() { if (parts > 1) _team!.Sync(); }  // every part waits for the others");
            if (leads) w.Line("bool L() => Lead(part, parts);");
            w.Line("// One line per block of layers (layer3.12.*): split layers, runs of layers on part 0, the barriers between.");
            for (int i = 0; i < statements.Count;)
            {
                int j = i;
                while (j < statements.Count && statements[j].Group == statements[i].Group) j++;
                w.Line(string.Join(" ", statements.Skip(i).Take(j - i).Select(t => t.Text)));
                i = j;
            }
            w.Close();
            w.Line();
        }
    }
}
