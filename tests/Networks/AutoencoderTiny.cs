using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>A convolutional autoencoder at toy size: encoder conv + max pool, decoder upsampling (x2 and x3) + convs.</summary>
[Network(1, 12, 18)]
[Conv(4, 3, Activation.ReLU, Padding = Padding.Same)]   // 4@12x18
[MaxPool(2)]                                            // 4@6x9
[Conv(2, 3, Activation.Tanh, Padding = Padding.Same)]   // 2@6x9 (the code)
[Upsample(2)]                                           // 2@12x18
[Conv(3, 3, Activation.ReLU, Padding = Padding.Same)]   // 3@12x18
[MaxPool(3)]                                            // 3@4x6
[Upsample(3)]                                           // 3@12x18
[Conv(1, 3, Activation.Sigmoid, Padding = Padding.Same)] // 1@12x18, the reconstruction
public partial class AutoencoderTiny { }
