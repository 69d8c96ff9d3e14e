namespace NetGen;

/// <summary>
/// A convolution (cross-correlation) with <paramref name="maps"/> output maps and a square
/// <paramref name="kernel"/>, one bias per output map, then <paramref name="activation"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConvAttribute(int maps, int kernel, Activation activation = Activation.Identity) : LayerAttribute
{
    public int Maps { get; } = maps;
    public int Kernel { get; } = kernel;
    public Activation Activation { get; } = activation;
    /// <summary>Step between output positions; default 1.</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Padding mode: <see cref="NetGen.Padding.Valid"/> (default), Same or Full.</summary>
    public Padding Padding { get; set; } = Padding.Valid;
    /// <summary>An explicit padding p &gt;= 0 on every side (zeros). Give either <see cref="Padding"/> or Pad, not both.</summary>
    public int Pad { get; set; } = -1;
    /// <summary>
    /// Optional connection table: one string per input map, one character per output map,
    /// <c>'X'</c> where the input feeds the output and <c>' '</c> where it does not. Default: full connectivity.
    /// </summary>
    public string[]? Connections { get; set; }
    /// <summary>
    /// Grouped convolution (AlexNet's two-GPU split): input and output maps are split into this many groups and each
    /// output group sees only its input group. Weights [maps][in/groups][k][k], as PyTorch. Default 1.
    /// </summary>
    public int Groups { get; set; } = 1;
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
}

/// <summary>Max pooling over <paramref name="size"/> x <paramref name="size"/> windows; no parameters.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPoolAttribute(int size) : LayerAttribute
{
    public int Size { get; } = size;
    /// <summary>Step between windows; 0 (default) means the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>Mean pooling over <paramref name="size"/> x <paramref name="size"/> windows; no parameters.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPoolAttribute(int size) : LayerAttribute
{
    public int Size { get; } = size;
    /// <summary>Step between windows; 0 (default) means the window size.</summary>
    public int Stride { get; set; }
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

/// <summary>Global average pooling: each map's mean, C@HxW -> C@1x1 (Network-in-Network, GoogLeNet, ResNet).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAvgPoolAttribute : LayerAttribute
{
}
