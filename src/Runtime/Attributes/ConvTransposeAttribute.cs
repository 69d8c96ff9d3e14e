namespace NetGen;

/// <summary>
/// A 2-D transposed convolution ("deconvolution", the decoder layer beside [Upsample]) with <c>maps</c> output maps,
/// one bias per map, then an activation: PyTorch's nn.ConvTranspose2d and ONNX's ConvTranspose exactly. Each input
/// unit x[c][iy][ix] adds x * weight[c][m][ky][kx] to output (iy*stride + ky*dilation - padTop, ix*stride + kx*dilation
/// - padLeft) of every map m of its group; positions the padding cuts off are dropped. Per axis the output extent is
/// (in - 1)*stride - padBegin - padEnd + dilation*(kernel - 1) + outputPadding + 1 (PyTorch's formula with
/// padBegin = padEnd = padding). The weight is [in maps, maps/groups, kH, kW] (PyTorch's and ONNX's layout, NAME.weight),
/// initialized as PyTorch does (kaiming_uniform, a = sqrt(5), over fan_in = weight.size(1)*kH*kW).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConvTransposeAttribute : LayerAttribute
{
    /// <summary>A square <paramref name="kernel"/> x <paramref name="kernel"/> transposed convolution.</summary>
    public ConvTransposeAttribute(int maps, int kernel, Activation activation = Activation.Identity)
    {
        Maps = maps;
        Kernel = kernel;
        KernelW = kernel;
        Activation = activation;
    }

    /// <summary>A <paramref name="kernelH"/> x <paramref name="kernelW"/> kernel (rows x columns, PyTorch's kernel_size tuple).</summary>
    public ConvTransposeAttribute(int maps, int kernelH, int kernelW, Activation activation = Activation.Identity)
    {
        Maps = maps;
        Kernel = kernelH;
        KernelW = kernelW;
        Activation = activation;
    }

    public int Maps { get; }
    /// <summary>The kernel's height (the whole kernel when square).</summary>
    public int Kernel { get; }
    /// <summary>The kernel's width: <see cref="Kernel"/> for a square kernel.</summary>
    public int KernelW { get; }
    /// <summary>A fused activation (one whose derivative follows from its output).</summary>
    public Activation Activation { get; }
    /// <summary>The step between the input units' places in the output, both axes; default 1 (PyTorch's stride).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>The row step; 0 (default): <see cref="Stride"/>. Not with a Stride other than 1.</summary>
    public int StrideH { get; set; }
    /// <summary>The column step; 0 (default): <see cref="Stride"/>. Not with a Stride other than 1.</summary>
    public int StrideW { get; set; }
    /// <summary>
    /// PyTorch's padding p &gt;= 0 (default 0): dilation*(kernel-1) - p zeros around the input of the equivalent direct
    /// convolution, i.e. p rows and columns cut off each side of the full output. Not with the sides.
    /// </summary>
    public int Pad { get; set; } = -1;
    /// <summary>Rows cut off the top of the full output (ONNX pads[0]); -1 (default): not given. Sides not given are 0.</summary>
    public int PadTop { get; set; } = -1;
    /// <summary>Columns cut off the left (ONNX pads[1]); -1 (default): not given.</summary>
    public int PadLeft { get; set; } = -1;
    /// <summary>Rows cut off the bottom (ONNX pads[2]); -1 (default): not given.</summary>
    public int PadBottom { get; set; } = -1;
    /// <summary>Columns cut off the right (ONNX pads[3]); -1 (default): not given.</summary>
    public int PadRight { get; set; } = -1;
    /// <summary>
    /// Rows and columns added at the bottom and right of the output (PyTorch's output_padding, ONNX's output_padding),
    /// which picks one of the input sizes a strided convolution maps to the same size; must be below the stride or the
    /// dilation on each axis (PyTorch's rule). Default 0.
    /// </summary>
    public int OutputPadding { get; set; }
    /// <summary>The rows' output padding; -1 (default): <see cref="OutputPadding"/>. Not with an OutputPadding other than 0.</summary>
    public int OutputPaddingH { get; set; } = -1;
    /// <summary>The columns' output padding; -1 (default): <see cref="OutputPadding"/>. Not with an OutputPadding other than 0.</summary>
    public int OutputPaddingW { get; set; } = -1;
    /// <summary>The spacing between kernel taps in the output, both axes (PyTorch's dilation); default 1.</summary>
    public int Dilation { get; set; } = 1;
    /// <summary>The spacing between kernel rows; 0 (default): <see cref="Dilation"/>. Not with a Dilation other than 1.</summary>
    public int DilationH { get; set; }
    /// <summary>The spacing between kernel columns; 0 (default): <see cref="Dilation"/>. Not with a Dilation other than 1.</summary>
    public int DilationW { get; set; }
    /// <summary>
    /// Input maps and output maps split into this many groups; group g's inputs feed only group g's outputs (PyTorch's
    /// groups). Both map counts must be multiples of it. Default 1.
    /// </summary>
    public int Groups { get; set; } = 1;
    /// <summary>Whether the maps have a bias (default true).</summary>
    public bool Bias { get; set; } = true;
}
