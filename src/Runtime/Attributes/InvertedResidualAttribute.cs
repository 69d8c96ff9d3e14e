namespace NetGen;

/// <summary>
/// The inverted residual block of MobileNetV2 (Sandler et al. 2018), MobileNetV3 (Howard et al. 2019) and EfficientNet's
/// MBConv (Tan and Le 2019), as torchvision builds them: a 1x1 expansion to the hidden maps with batch norm and
/// <see cref="Activation"/> (left out when the hidden maps equal the input's), a depthwise <paramref name="kernel"/> x
/// <paramref name="kernel"/> convolution (groups = maps, padding (kernel - 1) / 2, <see cref="Stride"/>, PyTorch's floor
/// rounding) with batch norm and the activation, an optional squeeze-and-excitation (<see cref="SqueezeMaps"/>), a 1x1
/// projection to <paramref name="outMaps"/> maps with batch norm and no activation, and, when the stride is 1 and the
/// input has <paramref name="outMaps"/> maps, the input added (no activation after the sum). Convolutions have no bias.
/// Hidden maps: <see cref="ExpandMaps"/> when given (MobileNetV3), else the input's maps times <see cref="Expansion"/>.
/// EfficientNet's stochastic depth on the residual branch is the identity at inference and is not modelled.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InvertedResidualAttribute(int outMaps, int kernel = 3) : LayerAttribute
{
    public int OutMaps { get; } = outMaps;
    /// <summary>The depthwise convolution's kernel: odd (3 or 5 in the papers).</summary>
    public int Kernel { get; } = kernel;
    /// <summary>The depthwise convolution's stride; default 1.</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Hidden maps as a multiple of the input's (MobileNetV2's t, EfficientNet's expand ratio); default 1.</summary>
    public int Expansion { get; set; } = 1;
    /// <summary>Hidden maps as a number (MobileNetV3's "exp size"); 0 (default): use <see cref="Expansion"/>. Not with it.</summary>
    public int ExpandMaps { get; set; }
    /// <summary>After the expansion's and the depthwise convolution's batch norms: Relu6 (MobileNetV2) by default.</summary>
    public Activation Activation { get; set; } = Activation.Relu6;
    /// <summary>Squeeze-and-excitation on the depthwise output to this many maps; 0 (default): none.</summary>
    public int SqueezeMaps { get; set; }
    /// <summary>The squeeze-and-excitation's activation after fc1: ReLU (default, MobileNetV3), SiLU (EfficientNet).</summary>
    public Activation SqueezeActivation { get; set; } = Activation.ReLU;
    /// <summary>The squeeze-and-excitation's gate: Sigmoid (default, EfficientNet), Hardsigmoid (MobileNetV3).</summary>
    public Activation Gate { get; set; } = Activation.Sigmoid;
    /// <summary>The batch norms' epsilon: PyTorch's 1e-5 by default (MobileNetV3: 0.001).</summary>
    public double Epsilon { get; set; } = 1e-5;
    /// <summary>The batch norms' momentum: PyTorch's 0.1 by default (MobileNetV3: 0.01).</summary>
    public double Momentum { get; set; } = 0.1;
    /// <summary>Which network's layer names to use: torchvision's state-dict names of that network's block.</summary>
    public InvertedResidualNames Naming { get; set; } = InvertedResidualNames.MobileNetV2;
}

/// <summary>The layer names of an <see cref="InvertedResidualAttribute"/> block, as torchvision names its modules.</summary>
public enum InvertedResidualNames
{
    /// <summary>
    /// MobileNetV2's <c>InvertedResidual</c>: NAME.conv.0.0 / NAME.conv.0.1 (expansion conv, bn), NAME.conv.1.0 /
    /// NAME.conv.1.1 (depthwise), then NAME.conv.2 and NAME.conv.3 (projection conv, bn); without expansion the
    /// depthwise pair is NAME.conv.0.* and the projection NAME.conv.1 and NAME.conv.2.
    /// </summary>
    MobileNetV2 = 0,
    /// <summary>
    /// MobileNetV3's <c>InvertedResidual</c> and EfficientNet's <c>MBConv</c>: NAME.block.K.0 / NAME.block.K.1 for each
    /// conv, bn pair and NAME.block.K.fc1 / fc2 for the squeeze-and-excitation, K counting the parts present.
    /// </summary>
    Block = 1,
}
