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

        private static void ForwardParts(SourceWriter w, NetworkModel m)
        {
            w.Open("private void ForwardPart(int part)");
            w.Line("int parts = _team!.Parts;");
            IsaDispatch.Switch(w, "_teamIsa", "ForwardLayers<V>(part, parts)");
            w.Close();
            w.Line();
            w.Open($"private void ForwardLayers<V>(int part, int parts) {KernelText.Constraint}");
            w.Line("var team = _team!;");
            bool onPartZero = false;
            for (int i = 0; i < m.Layers.Count; i++)
            {
                var l = m.Layers[i];
                if (Planner.SplitsForward(l))
                {
                    if (onPartZero) { w.Close(); onPartZero = false; }
                    if (i > 0) w.Line("team.Sync();");
                    w.Line($"{l.Id}_Forward<V>(part, parts);");
                    continue;
                }
                if (!onPartZero)
                {
                    if (i > 0) w.Line("team.Sync();");
                    w.Open("if (part == 0)");
                    onPartZero = true;
                }
                w.Line($"{l.Id}_Forward<V>();");
            }
            if (onPartZero) w.Close();
            w.Close();
            w.Line();
        }
    }
}
