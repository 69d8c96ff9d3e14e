namespace NetGen;

/// <summary>
/// What max and mean pooling share: the window (<c>size</c> x <c>size</c>, or <see cref="SizeH"/> x <see cref="SizeW"/>),
/// its steps, its padding and the rounding of the output size, as PyTorch's <c>nn.MaxPool2d</c>/<c>nn.AvgPool2d</c>
/// define them (dilation 1). No parameters.
/// </summary>
public abstract class WindowPoolAttribute(int size) : LayerAttribute
{
    /// <summary>The window's height and width unless <see cref="SizeH"/> or <see cref="SizeW"/> says otherwise.</summary>
    public int Size { get; } = size;
    /// <summary>The window's height; 0 (default) means <see cref="Size"/>.</summary>
    public int SizeH { get; set; }
    /// <summary>The window's width; 0 (default) means <see cref="Size"/>.</summary>
    public int SizeW { get; set; }
    /// <summary>Step between windows on both axes; 0 (default) means the window's extent on each axis (PyTorch's default).</summary>
    public int Stride { get; set; }
    /// <summary>Step between window rows; 0 (default) means <see cref="Stride"/>.</summary>
    public int StrideH { get; set; }
    /// <summary>Step between window columns; 0 (default) means <see cref="Stride"/>.</summary>
    public int StrideW { get; set; }
    /// <summary>Padding on every side (max pooling: -infinity; mean pooling: zeros): smaller than the window.</summary>
    public int Pad { get; set; }
    /// <summary>Padding above and below; -1 (default) means <see cref="Pad"/>.</summary>
    public int PadH { get; set; } = -1;
    /// <summary>Padding left and right; -1 (default) means <see cref="Pad"/>.</summary>
    public int PadW { get; set; } = -1;
    /// <summary>
    /// PyTorch's <c>ceil_mode</c>: out = ceil((in + 2 pad - size) / stride) + 1 per axis, less one when that last window
    /// would start past the input and its left padding. The last windows may read past the bottom/right padding (see
    /// each kind for those cells). Not with <see cref="DropRemainder"/> (NG0050).
    /// </summary>
    public bool CeilMode { get; set; }
    /// <summary>Ignore input rows/columns past the last whole window (PyTorch's floor rounding) instead of NG0011.</summary>
    public bool DropRemainder { get; set; }
}

/// <summary>
/// Max pooling (PyTorch's <c>nn.MaxPool2d</c>, ONNX's <c>MaxPool</c>, dilation 1) over <paramref name="size"/> x
/// <paramref name="size"/> windows (<see cref="WindowPoolAttribute.SizeH"/>, <see cref="WindowPoolAttribute.SizeW"/> for a
/// rectangle). Padded cells and the cells a <see cref="WindowPoolAttribute.CeilMode"/> window reads past the input never
/// win. Ties go to the first maximum in row-major window order, as PyTorch's kernel.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPoolAttribute(int size) : WindowPoolAttribute(size);

/// <summary>
/// Mean pooling (PyTorch's <c>nn.AvgPool2d</c>, ONNX's <c>AveragePool</c>) over <paramref name="size"/> x
/// <paramref name="size"/> windows (<see cref="WindowPoolAttribute.SizeH"/>, <see cref="WindowPoolAttribute.SizeW"/> for a
/// rectangle). The padding is zeros. The divisor follows PyTorch's avg_pool2d: with <see cref="CountIncludePad"/> it
/// counts the window's cells inside the padded input (-pad .. in + pad, so a <see cref="WindowPoolAttribute.CeilMode"/>
/// window's cells past the right/bottom padding are not counted); without, only its cells inside the input.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPoolAttribute(int size) : WindowPoolAttribute(size)
{
    /// <summary>
    /// PyTorch's <c>count_include_pad</c> (default true, as PyTorch): whether the zero padding counts in the divisor.
    /// </summary>
    public bool CountIncludePad { get; set; } = true;
}
