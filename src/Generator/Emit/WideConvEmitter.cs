using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Stride-1 convolution on "wide rows". With W the (padded) input width, output position q = oy*W + ox is
    /// computed for every ox &lt; W, not just ox &lt; OutW: then tap (ky, kx) of every position reads the input at
    /// q + ky*W + kx, one contiguous run, so a map is a 1-D correlation vectorized with no row tails. The K-1 extra
    /// columns per row are discarded. Without a connection table the sums are register blocks of output maps x vectors
    /// of positions (each its own method); under a table, tiles of 8, 4 and 1 vectors of one map.
    /// Backward uses the same trick: deltas are spread into a zero-bordered wide buffer, so the kernel gradient is a
    /// dot product and the input gradient a gather (the lecture's full convolution) with contiguous loads.
    /// Stride 2 (WideConvEmitter.Stride2.cs): a 1x1 convolution gathers its input's even rows and columns and runs as
    /// stride 1; others run the forward on their input's four parity planes and the backward on stride-2 wide rows.
    /// Files: this one (entry points, shared pieces), .Forward.cs (tile loops, compaction), .Tiles.cs (register tiles),
    /// .Backward.cs (bias gradient, input gradient), .KernelGradient.cs, .Stride2.cs.
    /// </summary>
    internal static partial class WideConvEmitter
    {
        private const int Tile = 4;

        /// <summary>The forward tile: 8 independent sums cover the FMA latency times the two FMA ports.</summary>
        private const int WideTile = 8;

        /// <summary>Kernels up to this width keep one accumulator per tap of a whole kernel row (plus the delta: within 16 registers).</summary>
        private const int MaxRowTile = 8;

        /// <summary>The backward pass's shape constants.</summary>
        private static void BackwardConstants(SourceWriter w, LayerModel l)
        {
            string padded = l.Pad > 0 ? $"  // zero-padded input ({l.InH}x{l.InW} + {l.Pad} on every side)" : "";
            w.Line($"const int InC = {l.InC}, InH = {l.PaddedH}, InW = {l.PaddedW};{padded}");
            w.Line($"const int OutC = {l.OutC}, OutH = {l.OutH}, OutW = {l.OutW}, K = {l.Kernel};{(l.Stride == 2 ? "  // stride 2" : "")}");
            if (!Im2colGradientEmitter.Uses(l))  // the product reads no wide positions
                w.Line($"const int Q = {l.WidePositions};  // wide positions per map: OutH * InW = {l.OutH * l.PaddedW}, rounded up to whole vectors");
        }

        private static string Describe(LayerModel l) =>
            ConvEmitter.Describe(l) + (l.GathersEvenPositions ? "; computed on the input's even rows and columns, gathered first"
                : l.SplitsPhases ? "; forward on the input's four row/column parity planes, as a stride-1 wide convolution" : "; computed on wide rows");

        /// <summary>
        /// A 1x1 stride-2 convolution as the stride-1 one it is on the input's even rows and columns: the same layer with
        /// that gathered input (in scratch, see <see cref="LayerModel.GathersEvenPositions"/>) as its input.
        /// </summary>
        private static LayerModel Gathered(LayerModel l) => l with { Stride = 1, InH = l.OutH, InW = l.OutW };

        /// <param name="norm">A batch norm to apply while compacting the rows (inference statistics), or null.</param>
        public static void EmitForward(SourceWriter w, LayerModel l, LayerModel? norm = null)
        {
            if (!l.GathersEvenPositions)
            {
                EmitForward(w, l, l, norm);
                return;
            }
            EmitForward(w, Gathered(l), l, norm);
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            if (!l.GathersEvenPositions)
                EmitBackward(w, l, l);
            else
                EmitBackward(w, Gathered(l), l);
        }

        /// <summary>The layer method's body as a call to a shared method (see <see cref="SharedMethods.Call"/>); inline under a table.</summary>
        private static void CallShared(SourceWriter w, LayerModel real, string body, string name, string summary, string parameters, string arguments)
        {
            if (real.HasTable || real.LearnsConnections)  // the table's fields are the layer's own: nothing to share
                SharedMethods.Inline(w, body);
            else
                SharedMethods.Call(w, real.Name, body, name, summary, parameters, arguments);
        }

        /// <summary>A convolution's shape in a shared method's name: Conv3x3_64x56x56_64, Conv1x1s2_256x56x56_512.</summary>
        private static string ShapeName(LayerModel l) =>
            $"Conv{l.Kernel}x{l.Kernel}{(l.Stride == 2 ? "s2" : "")}_{l.InC}x{l.InH}x{l.InW}_{l.OutC}{(l.Activation == ActivationKind.Identity ? "" : "_" + l.Activation)}";

        /// <summary>What a tile's text depends on: kernel, stride, input maps and the (padded or gathered) input's size.</summary>
        private static string TileShapeName(LayerModel l) =>
            $"Conv{l.Kernel}x{l.Kernel}{(l.Stride == 2 ? "s2" : "")}_{l.InC}x{l.PaddedH}x{l.PaddedW}";

        /// <summary>The words for what a tile's text depends on, as its doc comment says them.</summary>
        private static string TileShape(LayerModel l) =>
            $"{l.Kernel}x{l.Kernel} stride-{l.Stride} wide convolution of {l.InC} input map{(l.InC == 1 ? "" : "s")}, "
            + (l.SplitsPhases ? $"{l.PhaseH}x{l.PhaseW} parity planes of a {l.PaddedH}x{l.PaddedW} input" : $"{l.PaddedH}x{l.PaddedW} {(l.Pad > 0 ? "padded " : "")}input")
            + (l.HasTable ? ", connection table" : "");

        /// <summary>Maps x vectors of a forward block without a table: 12 sums (of 16 or 32 registers), maps dividing OutC if they can.</summary>
        private static (int Maps, int Vectors) Block(int outC) =>
            outC % 4 == 0 ? (4, 3) : outC % 3 == 0 ? (3, 4) : outC % 2 == 0 ? (2, 6) : (4, 3);

        /// <summary>
        /// Whether a block tile unrolls its kernel row: only while the tile method stays within the JIT's inlining budget
        /// (about a hundred lane operations per row; past it the lane operations stay calls). Stride-2 loads count three.
        /// </summary>
        private static bool Unrolls(LayerModel l, int maps, int vectors) =>
            l.Kernel <= MaxRowTile && l.Kernel * (vectors * (l.Stride == 2 ? 3 : 1) + maps + maps * vectors) <= 100;

        private static string Plus(int t) => t == 0 ? "" : $" + {t}";

        /// <summary>"2 * " before a lane offset under stride 2 (lane t of position q reads the input at 2(q + t)).</summary>
        private static string Step(LayerModel l) => l.Stride == 2 ? "2 * " : "";

        private static string Lanes(int t, string lane = "V") => t == 0 ? "0" : t == 1 ? $"{lane}.Count" : $"{t} * {lane}.Count";

        private static string[] Range(int n, Func<int, string> f)
        {
            var items = new string[n];
            for (int i = 0; i < n; i++) items[i] = f(i);
            return items;
        }
    }
}
