namespace NetGen;

/// <summary>
/// SqueezeNet's fire module (Iandola et al. 2016; torchvision's <c>Fire</c>): a 1x1 "squeeze" convolution to
/// <paramref name="squeeze"/> maps, then a 1x1 and a 3x3 (padding 1) "expand" convolution on the squeezed maps, their
/// <paramref name="expand1x1"/> + <paramref name="expand3x3"/> maps concatenated in that order. Every convolution has a
/// bias and ReLU. Its layers are named NAME.squeeze, NAME.expand1x1 and NAME.expand3x3, as torchvision names them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FireAttribute(int squeeze, int expand1x1, int expand3x3) : LayerAttribute
{
    public int Squeeze { get; } = squeeze;
    public int Expand1x1 { get; } = expand1x1;
    public int Expand3x3 { get; } = expand3x3;
}
