using System;
using NetGen.Generator.Common;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// [Conv(maps, kernel[, kernelW], activation, Stride, StrideH, StrideW, Padding, Pad, PadTop, PadLeft, PadBottom,
    /// PadRight, Dilation, DilationH, DilationW, Connections, Groups, Bias, LearnConnections, DropRemainder)] as written;
    /// <see cref="ConvGeometry"/> resolves the window.
    /// </summary>
    internal sealed record ConvSpec : WindowSpec
    {
        /// <summary>NetGen.Padding: Valid, Same (SAME_UPPER), Full or SameLower.</summary>
        public int Padding { get; init; }
        public EquatableArray<string> Table { get; init; } = EquatableArray<string>.Empty;
        public bool HasTable { get; init; }
        public bool DropRemainder { get; init; }
        public bool LearnConnections { get; init; }
    }

    /// <summary>How a convolution's kernels run: the planner's choice (<see cref="ConvRoom.Plan"/>).</summary>
    internal enum ConvStrategy
    {
        /// <summary>
        /// Loops over output columns, any stride (Emit/ConvEmitter.cs); the only strategy for a window that is not square,
        /// symmetric and undilated (Emit/ConvEmitter.Geometry.cs).
        /// </summary>
        Direct,
        /// <summary>The kernel covers the whole unpadded input (LeNet's C5): a dense layer (Emit/DenseEmitter.cs).</summary>
        Dense,
        /// <summary>
        /// Stride 1 or 2 on "wide rows": output position q = oy * PaddedW + ox for every ox &lt; PaddedW, so each tap reads
        /// the input at S*q + ky*PaddedW + kx, one contiguous run (stride 1) or every other float (stride 2); the columns past
        /// OutW are computed and discarded (Emit/WideConvEmitter*.cs).
        /// </summary>
        Wide,
        /// <summary>
        /// A 1x1 stride-2 convolution (ResNet's projection shortcuts): gathers its input's even rows and columns into scratch
        /// and runs as a stride-1 wide convolution on them.
        /// </summary>
        Gather,
        /// <summary>
        /// Stride 2: the forward splits the padded input into four planes by row and column parity, and tap (ky, kx) of output
        /// (oy, ox) reads plane (ky%2, kx%2) at (oy + ky/2, ox + kx/2): a stride-1 wide convolution over the planes. The
        /// backward keeps the stride-2 wide rows.
        /// </summary>
        ParityPlanes,
        /// <summary>
        /// A 1x1 stride-1 unpadded convolution without a table, groups or learned connections: matrix products in register
        /// tiles (Emit/PointwiseConvEmitter*.cs), no scratch. Chosen for every such layer: see <see cref="ConvRoom.Plan"/>
        /// for the measurements behind the rule.
        /// </summary>
        Pointwise,
        /// <summary>
        /// A 3x3 stride-1 convolution without a table, groups or learned connections, with enough maps and positions: Winograd's
        /// F(2x2, 3x3) or F(4x4, 3x3) (Emit/WinogradEmitter*.cs); the input gradient of a pad-1 layer with enough map pairs
        /// is a Winograd convolution too, the weight gradient runs on wide rows. Layers/WinogradRule.cs holds the rules.
        /// </summary>
        Winograd,
        /// <summary>
        /// A depthwise convolution (Groups == InC == OutC) of a square symmetric undilated window, stride 1 or 2: map by map,
        /// vectorized across output positions with the map's k*k weights in registers (Emit/DepthwiseEmitter*.cs). Its batch
        /// norm is not fused (Model/Planner.cs). MobileNetV2's 17 depthwise layers at 224x224, one sample (Xeon Sapphire
        /// Rapids, 2 cores shared with other jobs, AVX-512, benchmarks/NetGen.DepthwiseProfile, medians of 9 rounds), grouped
        /// wide rows -> Depthwise: forward 9484 -> 3356 us (2.6 -> 7.3 GB/s of input + output + weights; the wide rows'
        /// time included the fused batch norm, now a pass of its own, 1472 us), backward 12121 -> 7085 us (2.0 -> 3.5 GB/s).
        /// </summary>
        Depthwise,
    }

    /// <summary>A convolution's own part: geometry, connection table (CSR), learned connections, and its plan.</summary>
    internal sealed record ConvLayer : LayerPayload
    {
        /// <summary>The window per axis (<see cref="ConvGeometry"/>): kernel, stride, dilation, pads in ONNX's order.</summary>
        public int KernelH { get; init; }
        public int KernelW { get; init; }
        public int StrideH { get; init; } = 1;
        public int StrideW { get; init; } = 1;
        public int DilationH { get; init; } = 1;
        public int DilationW { get; init; } = 1;
        public int PadTop { get; init; }
        public int PadLeft { get; init; }
        public int PadBottom { get; init; }
        public int PadRight { get; init; }

        /// <summary>A square, undilated kernel with one stride and one pad on every side: the fast strategies' window.</summary>
        public bool Regular => KernelH == KernelW && StrideH == StrideW && DilationH == 1 && DilationW == 1
            && PadTop == PadLeft && PadTop == PadBottom && PadTop == PadRight;
        /// <summary>Any zero padding (the padded copy in scratch).</summary>
        public bool Padded => PadTop + PadLeft + PadBottom + PadRight > 0;
        /// <summary>The regular window's kernel, stride and pad (for a general window: the height's, the top's).</summary>
        public int Kernel => KernelH;
        public int Stride
        {
            get => StrideH;
            init { StrideH = value; StrideW = value; }
        }
        public int Pad => PadTop;
        public int Groups { get; init; } = 1;
        /// <summary>Inputs of output map o are TableInputs[TableStarts[o] .. TableStarts[o+1]); empty when every input feeds every output.</summary>
        public EquatableArray<int> TableStarts { get; init; } = EquatableArray<int>.Empty;
        public EquatableArray<int> TableInputs { get; init; } = EquatableArray<int>.Empty;
        /// <summary>The lecture's learned connections: logits [OutC][InC] after the bias (Emit/ConnectionsEmitter.cs).</summary>
        public bool LearnsConnections { get; init; }
        public ConvStrategy Strategy { get; init; }
        /// <summary>The index of the batch norm this convolution applies while compacting its rows (inference statistics), or -1.</summary>
        public int FusedNorm { get; init; } = -1;
        /// <summary>The kernel gradient as an im2col matrix product instead of on wide rows (Layers/Im2colRule.cs).</summary>
        public bool Im2colGradient { get; init; }

        public bool HasTable => TableStarts.Count > 0;
        public override int Extent => Math.Max(KernelH, KernelW);
    }
}
