namespace NetGen;

/// <summary>
/// A max or mean pool's whole geometry, as PyTorch's nn.MaxPool2d/nn.AvgPool2d take it (dilation 1):
/// <see cref="LayerDescription.Pool"/>, null for the square, floor-rounded, padding-counted pool that
/// <see cref="LayerDescription.Kernel"/>, <see cref="LayerDescription.Stride"/> and <see cref="LayerDescription.Pad"/>
/// describe. The output size per axis is PyTorch's: (in + 2 pad - kernel) / stride + 1, rounded up under
/// <paramref name="CeilMode"/> unless that last window would start past the input and its left padding.
/// </summary>
/// <param name="CountIncludePad">
/// Mean pooling's divisor (PyTorch's count_include_pad): the window's cells inside -pad .. in + pad when true, inside
/// the input when false. Always true for max pooling.
/// </param>
public sealed record PoolGeometry(int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW, bool CeilMode, bool CountIncludePad)
{
    /// <summary>The geometry of <paramref name="layer"/>: its <see cref="LayerDescription.Pool"/>, else the square one.</summary>
    public static PoolGeometry Of(LayerDescription layer) =>
        layer.Pool ?? new(layer.Kernel, layer.Kernel, layer.Stride, layer.Stride, layer.Pad, layer.Pad, false, true);

    /// <summary>Outputs along one axis, and the cells the last window reads past the far padding (CeilMode).</summary>
    public static (int Out, int Extra) Axis(int input, int kernel, int stride, int pad, bool ceil)
    {
        int span = input + 2 * pad - kernel;
        int o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (o - 1) * stride >= input + pad) o--;
        return (o, Math.Max(0, (o - 1) * stride + kernel - (input + 2 * pad)));
    }
}
