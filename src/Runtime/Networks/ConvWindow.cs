namespace NetGen;

/// <summary>
/// A convolution's window per axis, as PyTorch's nn.Conv2d and ONNX's Conv define it: kernel_shape (rows, columns),
/// strides, pads in ONNX's order (top, left, bottom, right) and dilations. Each output extent is
/// floor((in + padBegin + padEnd - dilation*(kernel-1) - 1) / stride) + 1.
/// </summary>
public sealed record ConvWindow(int KernelH, int KernelW, int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight, int DilationH, int DilationW)
{
    /// <summary>The output rows for <paramref name="height"/> input rows.</summary>
    public int OutHeight(int height) => (height + PadTop + PadBottom - DilationH * (KernelH - 1) - 1) / StrideH + 1;

    /// <summary>The output columns for <paramref name="width"/> input columns.</summary>
    public int OutWidth(int width) => (width + PadLeft + PadRight - DilationW * (KernelW - 1) - 1) / StrideW + 1;
}
