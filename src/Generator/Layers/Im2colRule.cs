using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// The planner's decision for a stride-1 convolution's kernel gradient (<see cref="ConvLayer.Im2colGradient"/>): on
    /// wide rows (Emit/WideConvEmitter.KernelGradient.cs: one vector sum per tap reduced over the wide positions, then a
    /// lane sum per tap) or as a matrix product over an im2col copy of the input (Emit/Im2colGradientEmitter.cs:
    /// dE/dk[o][c] += sum over p of delta[o][p] * columns[p][c], c = (i, ky, kx), vectors across c, so no lane sums).
    /// Pure functions of the layer's shape, so the scratch request and the emitter read the same answers.
    /// </summary>
    internal static class Im2colRule
    {
        /// <summary>The scratch role of the columns: [positions of a panel][ColumnPitch] (plus a vector of slack).</summary>
        public const string Columns = "im2col columns";

        /// <summary>Floats of columns per panel of positions (1 MB): the panel stays in the second-level cache while it is read.</summary>
        public const int Budget = 256 * 1024;

        /// <summary>
        /// Whether the kernel gradient runs as an im2col product: a square stride-1 window without a table, groups or
        /// learned connections whose backward is the wide-row one (<see cref="ConvStrategy.Wide"/>, <see cref="ConvStrategy.Winograd"/>).
        /// </summary>
        public static bool Pays(LayerModel l, ConvLayer conv, ConvStrategy strategy) =>
            (strategy == ConvStrategy.Wide || strategy == ConvStrategy.Winograd) && conv.Regular && conv.Stride == 1
            && !conv.HasTable && !conv.LearnsConnections && conv.Groups == 1 && conv.Kernel > 1
            && (long)l.OutH * l.OutW <= MaxPositions && (long)l.InC * conv.Kernel * conv.Kernel >= MinColumns;

        /// <summary>
        /// The largest map (output positions) that takes the product: 16x16; and the fewest columns (InC*K*K): 32, two whole
        /// 16-lane vectors (fewer leave most lanes of a tile on pad columns). Measured (benchmarks/NetGen.Im2colProfile, single
        /// ReLU layers, one sample, medians of 5 interleaved rounds, backward us (bias, kernel and input gradients), wide rows
        /// -> product, the two builds back to back; Intel Xeon family 6 model 207, AVX-512, 2 cores shared with other agents):
        /// 3x3 96->96 @7x7 624 -> 226; 5x5 96->96 @14x14 2514 -> 2117; 3x3 128->128 @14x14 1873 -> 1330; 3x3 4->32 @7x7 (36
        /// columns) 9.3 -> 5.6; but 3x3 2->16 @14x14 (18 columns) 5.7 -> 9.7 and 5x5 1->32 @14x14 (25) 17.6 -> 22.1. An earlier,
        /// busier run (compare backward / forward, the forward being the same code): 3x3 32->32 @28x28 3.5 -> 3.8 and 5x5
        /// 1->96 @28x28 3.6 -> 4.1: on 28x28 maps the wide rows' lane sums are few (one per 53 vectors of positions) and the
        /// copy of the columns costs more than they do. Inside NIN (benchmarks/NetGen.PointwiseProfile `-- 7 --nin`, two
        /// back-to-back pairs, backward us): mlpconv2 2636 -> 2163 and 2986 -> 2594, mlpconv3 640 -> 258 and 721 -> 333, the
        /// whole backward 4405 -> 3757 and 4952 -> 4175. What remains on 7x7 maps is mostly the input gradient (the wide-row
        /// gather, about 1.5 forwards by perf samples): the same product transposed (columns gradient = delta^T x weights,
        /// then a col2im add) is the next step.
        /// </summary>
        public const int MaxPositions = 16 * 16, MinColumns = 32;

        /// <summary>Columns per position: InC * K * K rounded up to 16 (whole vectors of any width), the pad columns 0.</summary>
        public static int ColumnPitch(LayerModel l) => (int)LayerModel.RoundUp((long)l.InC * l.Kernel * l.Kernel);

        /// <summary>Positions per panel: the fewest panels within <see cref="Budget"/>, of equal size.</summary>
        public static int Panel(LayerModel l)
        {
            int positions = l.OutH * l.OutW;
            int fit = Math.Max(1, Budget / ColumnPitch(l));
            int panels = (positions + fit - 1) / fit;
            return (positions + panels - 1) / panels;
        }

        /// <summary>The columns' scratch: one panel and a vector of slack (a row's last copy may spill one vector past it).</summary>
        public static long ScratchLength(LayerModel l) => (long)Panel(l) * ColumnPitch(l) + 16;
    }
}
