using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The libtorch peer of the zoo's <c>NinMnist</c> (samples/ModelZoo/Models/NinMnist.cs), as a PyTorch user would write
/// it: three mlpconv blocks (a convolution and two 1x1 convolutions, ReLU), max pooling and dropout 0.5 between them,
/// global average pooling over the ten last maps as the logits. Fields in NetGen's layer order (see <see cref="TorchFlat"/>).
/// </summary>
public sealed class TorchNin : nn.Module<Tensor, Tensor>
{
    readonly Conv2d mlpconv1 = nn.Conv2d(1, 96, 5, padding: 2);
    readonly Conv2d cccp1 = nn.Conv2d(96, 96, 1);
    readonly Conv2d cccp2 = nn.Conv2d(96, 96, 1);
    readonly Conv2d mlpconv2 = nn.Conv2d(96, 96, 5, padding: 2);
    readonly Conv2d cccp3 = nn.Conv2d(96, 96, 1);
    readonly Conv2d cccp4 = nn.Conv2d(96, 96, 1);
    readonly Conv2d mlpconv3 = nn.Conv2d(96, 96, 3, padding: 1);
    readonly Conv2d cccp5 = nn.Conv2d(96, 96, 1);
    readonly Conv2d cccp6 = nn.Conv2d(96, 10, 1);
    readonly MaxPool2d pool = nn.MaxPool2d(2);
    readonly Dropout drop = nn.Dropout(0.5);
    readonly ReLU relu = nn.ReLU();

    public TorchNin() : base(nameof(TorchNin)) => RegisterComponents();

    /// <summary>[N,1,28,28] to [N,10] logits.</summary>
    public override Tensor forward(Tensor x)
    {
        x = relu.forward(cccp2.forward(relu.forward(cccp1.forward(relu.forward(mlpconv1.forward(x))))));
        x = drop.forward(pool.forward(x));
        x = relu.forward(cccp4.forward(relu.forward(cccp3.forward(relu.forward(mlpconv2.forward(x))))));
        x = drop.forward(pool.forward(x));
        x = relu.forward(cccp6.forward(relu.forward(cccp5.forward(relu.forward(mlpconv3.forward(x))))));
        return x.mean([2, 3]);
    }
}
