using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The text of a forward split across a network's <c>Threads</c> (issue 15 item 5, <see cref="Planner.SplitsForward"/>):
    /// a split layer's forward takes (part, parts) and computes its share of rows, [lo, hi) from the runtime's
    /// <c>LayerTeam.Range</c> in whole units of the kernel's largest block, so each row is computed by the same code with
    /// the same summation order whoever computes it (bit-identical for any thread count). An unsplit layer is written as
    /// before, and runs on part 0.
    /// </summary>
    internal static class LayerParts
    {
        public const string Parameters = "int part, int parts", Arguments = "part, parts";

        /// <summary>The forward's own parameters and arguments (a shared method's first): none unless the layer splits.</summary>
        public static string ParametersOf(LayerModel l) => Planner.SplitsForward(l) ? Parameters : "";

        public static string ArgumentsOf(LayerModel l) => Planner.SplitsForward(l) ? Arguments : "";

        /// <summary>A call of the layer's forward on one thread: (0, 1) when it splits.</summary>
        public static string SingleCall(LayerModel l) => $"{l.Id}_Forward<V>({(Planner.SplitsForward(l) ? "0, 1" : "")});";

        /// <summary>
        /// Declares <c>lo</c> and <c>hi</c>: this part's rows of <paramref name="count"/> (a constant's name) in units of
        /// <paramref name="unit"/>, when the layer splits (an unsplit layer's loops run over all rows, as before).
        /// </summary>
        public static void Rows(SourceWriter w, LayerModel l, string count, int unit)
        {
            if (Planner.SplitsForward(l))
                w.Line($"var (lo, hi) = global::NetGen.Batching.LayerTeam.Range({count}, {unit}, part, parts);");
        }
    }
}
