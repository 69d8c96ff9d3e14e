namespace NetGen;

/// <summary>
/// A 2-D convolution (cross-correlation) with <c>maps</c> output maps, one bias per output map, then an activation:
/// PyTorch's nn.Conv2d and ONNX's Conv exactly. The geometry is per axis (height, then width, as PyTorch's tuples):
/// kernel, <see cref="Stride"/>, padding (<see cref="Padding"/>, <see cref="Pad"/> or the four sides
/// <see cref="PadTop"/>, <see cref="PadLeft"/>, <see cref="PadBottom"/>, <see cref="PadRight"/>, ONNX's pads) and
/// <see cref="Dilation"/>. Each output extent is floor((in + padBegin + padEnd - dilation*(kernel-1) - 1) / stride) + 1.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConvAttribute : LayerAttribute
{
    /// <summary>A square <paramref name="kernel"/> x <paramref name="kernel"/> convolution.</summary>
    public ConvAttribute(int maps, int kernel, Activation activation = Activation.Identity)
    {
        Maps = maps;
        Kernel = kernel;
        KernelW = kernel;
        Activation = activation;
    }

    /// <summary>
    /// A <paramref name="kernelH"/> x <paramref name="kernelW"/> kernel (rows x columns: PyTorch's
    /// kernel_size=(kernelH, kernelW), ONNX's kernel_shape). <c>[Conv(8, 3, 5)]</c> is 3 tall and 5 wide.
    /// </summary>
    public ConvAttribute(int maps, int kernelH, int kernelW, Activation activation = Activation.Identity)
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
    public Activation Activation { get; }
    /// <summary>Step between output positions on both axes; default 1.</summary>
    public int Stride { get; set; } = 1;
    /// <summary>The step between output rows; 0 (default): <see cref="Stride"/>. Not with a Stride other than 1.</summary>
    public int StrideH { get; set; }
    /// <summary>The step between output columns; 0 (default): <see cref="Stride"/>. Not with a Stride other than 1.</summary>
    public int StrideW { get; set; }
    /// <summary>
    /// Padding mode: <see cref="NetGen.Padding.Valid"/> (default), Same (ONNX SAME_UPPER), SameLower or Full. Give the
    /// padding one way: Padding, <see cref="Pad"/>, or the sides.
    /// </summary>
    public Padding Padding { get; set; } = Padding.Valid;
    /// <summary>An explicit padding p &gt;= 0 on every side (zeros): PyTorch's padding=p. Not with Padding or the sides.</summary>
    public int Pad { get; set; } = -1;
    /// <summary>Zero rows above the input (ONNX pads[0]); -1 (default): not given. Sides not given are 0.</summary>
    public int PadTop { get; set; } = -1;
    /// <summary>Zero columns left of the input (ONNX pads[1]); -1 (default): not given.</summary>
    public int PadLeft { get; set; } = -1;
    /// <summary>Zero rows below the input (ONNX pads[2]); -1 (default): not given.</summary>
    public int PadBottom { get; set; } = -1;
    /// <summary>Zero columns right of the input (ONNX pads[3]); -1 (default): not given.</summary>
    public int PadRight { get; set; } = -1;
    /// <summary>
    /// The spacing between kernel taps on both axes (PyTorch's dilation, ONNX's dilations); default 1. A k-tap kernel
    /// spans dilation*(k-1)+1 input positions.
    /// </summary>
    public int Dilation { get; set; } = 1;
    /// <summary>The spacing between kernel rows; 0 (default): <see cref="Dilation"/>. Not with a Dilation other than 1.</summary>
    public int DilationH { get; set; }
    /// <summary>The spacing between kernel columns; 0 (default): <see cref="Dilation"/>. Not with a Dilation other than 1.</summary>
    public int DilationW { get; set; }
    /// <summary>
    /// Optional connection table: one string per input map, one character per output map,
    /// <c>'X'</c> where the input feeds the output and <c>' '</c> where it does not. Default: full connectivity.
    /// </summary>
    public string[]? Connections { get; set; }
    /// <summary>
    /// Grouped convolution (AlexNet's two-GPU split): input and output maps are split into this many groups and each
    /// output group sees only its input group. Weights [maps][in/groups][kH][kW], as PyTorch. Default 1.
    /// </summary>
    public int Groups { get; set; } = 1;
    /// <summary>
    /// Allow a stride that does not land exactly on the last input row/column: the remainder is ignored (PyTorch's
    /// floor rounding). Default false: such a shape is a compile error (NG0006, NG0046), since it usually is a mistake.
    /// Same and SameLower define their output as ceil(in / s) and never need it.
    /// </summary>
    public bool DropRemainder { get; set; }
    /// <summary>Whether the maps have a bias (default true). Off before batch norm, whose shift makes it redundant.</summary>
    public bool Bias { get; set; } = true;
    /// <summary>
    /// The lecture's learned connections: output map j = f(sum over i of alpha_ij (x_i * k_ij) + b_j) with
    /// alpha_ij = softmax over the inputs i of trainable logits c_ij (the tensor NAME.connections [maps][inputs], starting
    /// at 0: every input equally). Training moves the weight of each output map onto the inputs it uses, which turns a
    /// full table into a learned, sparser one. Not with Connections or Groups.
    /// </summary>
    public bool LearnConnections { get; set; }
}

/// <summary>
/// LeNet's subsampling: each unit sums a <paramref name="size"/> x <paramref name="size"/> window, multiplies it by
/// one trainable coefficient and adds one trainable bias (both per map), then applies <paramref name="activation"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SubsampleAttribute(int size, Activation activation = Activation.Identity) : LayerAttribute
{
    public int Size { get; } = size;
    public Activation Activation { get; } = activation;
    /// <summary>Step between windows; 0 (default) means the window size.</summary>
    public int Stride { get; set; }
    /// <summary>Ignore input rows/columns past the last whole window (PyTorch's floor rounding) instead of NG0011.</summary>
    public bool DropRemainder { get; set; }
}

/// <summary>A fully connected layer of <paramref name="units"/> units over the flattened input.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int units, Activation activation = Activation.Identity) : LayerAttribute
{
    public int Units { get; } = units;
    public Activation Activation { get; } = activation;
}

/// <summary>
/// LeNet's Euclidean RBF output: <c>y_i = sum_j (x_j - w_ij)^2</c>, one unit per class. The centres start as
/// +1/-1 bitmaps (7x12 digit glyphs when the input has 84 units) and stay fixed unless <see cref="Trainable"/>.
/// Must be the last layer.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RbfAttribute(int classes) : LayerAttribute
{
    public int Classes { get; } = classes;
    /// <summary>Whether Backward accumulates gradients for the centres (LeCun kept them fixed).</summary>
    public bool Trainable { get; set; }
}

/// <summary>A softmax over the flattened input: <c>y_i = e^x_i / sum_j e^x_j</c>. Must be the last layer.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SoftmaxAttribute : LayerAttribute
{
}

/// <summary>
/// Local response normalization across maps (AlexNet): <c>y = x / (K + Alpha/size * sum of x^2 over size neighbouring maps)^Beta</c>,
/// the sum over maps c - size/2 .. c + (size-1)/2 that exist, divided by size regardless (as PyTorch does).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LocalResponseNormAttribute(int size) : LayerAttribute
{
    public int Size { get; } = size;
    public double Alpha { get; set; } = 1e-4;
    public double Beta { get; set; } = 0.75;
    public double K { get; set; } = 2;
}

/// <summary>
/// Dropout: while <see cref="INetwork.Training"/>, zeroes each unit with probability <paramref name="rate"/> and scales
/// the survivors by 1/(1 - rate) (inverted dropout); otherwise the identity. The masks come from a generator seeded
/// with the network's seed, so runs repeat.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute(double rate = 0.5) : LayerAttribute
{
    public double Rate { get; } = rate;
}

/// <summary>
/// The leaky rectifier, elementwise: x for x &gt; 0, else <see cref="Slope"/> * x (PyTorch's nn.LeakyReLU(negative_slope),
/// ONNX's LeakyRelu(alpha)). No parameters; the output has the input's shape.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LeakyReluAttribute : LayerAttribute
{
    /// <summary>The slope for negative inputs; default 0.01, as PyTorch's.</summary>
    public float Slope { get; set; } = 0.01f;
}

/// <summary>Global average pooling: each map's mean, C@HxW -> C@1x1 (Network-in-Network, GoogLeNet, ResNet).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAvgPoolAttribute : LayerAttribute
{
}

/// <summary>
/// Batch normalization per map: <c>y = f(weight * (x - mean) / sqrt(var + Epsilon) + bias)</c>. weight and bias
/// (PyTorch's gamma, beta) are parameters; the running mean and variance are state (see <see cref="INetwork.State"/>).
/// While training through <see cref="Batching.BatchRunner"/> (or the Trainer), mean and variance are the batch's (and the running
/// statistics move toward them by <see cref="Momentum"/>); otherwise, including per-sample training, the running ones.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute(Activation activation = Activation.Identity) : LayerAttribute
{
    public Activation Activation { get; } = activation;
    public double Epsilon { get; set; } = 1e-5;
    /// <summary>How far the running statistics move toward each batch's (PyTorch's momentum); default 0.1.</summary>
    public double Momentum { get; set; } = 0.1;
}

/// <summary>
/// A ResNet stage: <see cref="Repeat"/> residual blocks of <paramref name="maps"/> maps. Basic blocks are two 3x3
/// convolutions; bottleneck blocks are 1x1 (maps), 3x3 (maps), 1x1 (4 x maps). Each convolution is followed by batch
/// norm; the block adds its input (or a strided 1x1 projection with batch norm when the shape changes) and applies ReLU.
/// The first block carries <see cref="Stride"/> (on its first convolution, as the ResNet paper does).
/// Sub-layers are named like torchvision's: NAME.0.conv1, NAME.0.bn1, NAME.0.downsample.0...
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ResidualAttribute(int maps) : LayerAttribute
{
    public int Maps { get; } = maps;
    public int Stride { get; set; } = 1;
    public bool Bottleneck { get; set; }
    public int Repeat { get; set; } = 1;
}

/// <summary>
/// A GoogLeNet inception module, its arguments the columns of the paper's table 1: four branches on the same input,
/// concatenated: 1x1; 1x1 reduce then 3x3; 1x1 reduce then 5x5; 3x3 max pool (stride 1, pad 1) then 1x1 projection.
/// Every convolution has ReLU and "same" padding.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InceptionAttribute(int n1x1, int n3x3Reduce, int n3x3, int n5x5Reduce, int n5x5, int poolProjection) : LayerAttribute
{
    public int N1x1 { get; } = n1x1;
    public int N3x3Reduce { get; } = n3x3Reduce;
    public int N3x3 { get; } = n3x3;
    public int N5x5Reduce { get; } = n5x5Reduce;
    public int N5x5 { get; } = n5x5;
    public int PoolProjection { get; } = poolProjection;
}

/// <summary>
/// Nearest-neighbour upsampling ("unpooling"): every unit is repeated <paramref name="factor"/> x <paramref name="factor"/>
/// times, C@HxW -> C@(H*factor)x(W*factor). Followed by a convolution it is the decoder step of a convolutional autoencoder.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class UpsampleAttribute(int factor) : LayerAttribute
{
    public int Factor { get; } = factor;
}

/// <summary>
/// A standalone activation layer, elementwise (PyTorch's nn.GELU, nn.SiLU, nn.PReLU...; the ONNX operator of the same
/// name, or its formula in opset 13 operators): <c>[Activation(Activation.Gelu)]</c>,
/// <c>[Activation(Activation.Elu, Alpha = 0.5f)]</c>, <c>[Activation(Activation.LeakyRelu, Slope = 0.2f)]</c>,
/// <c>[Activation(Activation.Prelu)]</c>. The output has the input's shape. Semantics, defaults and derivatives are
/// PyTorch's exactly (see each <see cref="NetGen.Activation"/> value). Every activation except Prelu may also be written
/// in a layer's fused position (<c>[Conv(16, 3, Activation.Silu)]</c>) with its default arguments; GELU, SiLU, Mish and
/// Hardswish, whose derivative does not follow from their output, then become this layer after the one that names them
/// (pending: the analyzer's hook, see src/Generator/README.md; until then the fused position takes Identity to ReLU).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute(Activation function) : LayerAttribute
{
    public Activation Function { get; } = function;
    /// <summary>
    /// LeakyRelu's negative slope (PyTorch's negative_slope, default 0.01), or Prelu's starting slope (PyTorch's init,
    /// default 0.25). Left out (NaN): the default. Only for those two.
    /// </summary>
    public float Slope { get; set; } = float.NaN;
    /// <summary>Elu's and Celu's alpha, above 0 (PyTorch's default 1). Left out (NaN): the default. Only for those two.</summary>
    public float Alpha { get; set; } = float.NaN;
}
