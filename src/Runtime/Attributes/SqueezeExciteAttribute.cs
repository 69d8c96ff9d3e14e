namespace NetGen;

/// <summary>
/// Squeeze-and-excitation (Hu et al. 2018; torchvision's <c>SqueezeExcitation</c>): each map of the input is scaled by a
/// learned gate computed from all maps' means. Global average pool, a 1x1 convolution with bias to
/// <paramref name="squeezeMaps"/> maps then <paramref name="activation"/> (ReLU; EfficientNet: SiLU), a 1x1 convolution
/// with bias back to the input's maps then <see cref="Gate"/> (Sigmoid; MobileNetV3: Hardsigmoid), and the input times
/// the gate, broadcast over each map: <c>y[c][i][j] = x[c][i][j] * s[c]</c>. Gradients reach both the input and the gate.
/// Its layers are NAME.avgpool, NAME.fc1, NAME.fc2 (torchvision's names: its weights load as they are) and NAME.scale
/// (the product, ONNX's Mul with broadcasting).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class SqueezeExciteAttribute(int squeezeMaps, Activation activation = Activation.ReLU) : LayerAttribute
{
    public int SqueezeMaps { get; } = squeezeMaps;
    /// <summary>After fc1: ReLU by default (torchvision's), SiLU in EfficientNet.</summary>
    public Activation Activation { get; } = activation;
    /// <summary>After fc2, the gate: Sigmoid by default (torchvision's), Hardsigmoid in MobileNetV3.</summary>
    public Activation Gate { get; set; } = Activation.Sigmoid;
}
