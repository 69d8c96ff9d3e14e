namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The LeNet-5 variant the speed issue measures libtorch on: tanh, average pooling, a FULLY connected C3 and identity
/// logits (for softmax cross-entropy). The same function as <see cref="TorchLeNet5"/> and <see cref="NaiveLeNet5"/>.
/// </summary>
[Network(1, 32, 32)]
[Conv(6, 5, Activation.Tanh)]
[AvgPool(2)]
[Conv(16, 5, Activation.Tanh)]
[AvgPool(2)]
[Conv(120, 5, Activation.Tanh)]
[Dense(84, Activation.Tanh)]
[Dense(10)]
public partial class LeNet5Bench { }
