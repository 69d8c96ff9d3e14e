using NetGen;

namespace NetGen.Samples.Autoencoder;

/// <summary>
/// A small convolutional autoencoder for 28x28 digits: two conv + max-pool stages squeeze the image into an
/// 8@7x7 code (392 values, half the 784 pixels), two nearest-neighbour upsampling + conv stages bring it back,
/// and a sigmoid puts the reconstruction in the pixels' [0, 1].
/// </summary>
[Network(1, 28, 28)]
[Conv(16, 3, Activation.ReLU, Padding = Padding.Same, Name = "enc1")]     // 16@28x28
[MaxPool(2, Name = "pool1")]                                              // 16@14x14
[Conv(8, 3, Activation.ReLU, Padding = Padding.Same, Name = "enc2")]      // 8@14x14
[MaxPool(2, Name = "code")]                                               // 8@7x7, the code
[Upsample(2, Name = "up1")]                                               // 8@14x14
[Conv(16, 3, Activation.ReLU, Padding = Padding.Same, Name = "dec1")]     // 16@14x14
[Upsample(2, Name = "up2")]                                               // 16@28x28
[Conv(1, 3, Activation.Sigmoid, Padding = Padding.Same, Name = "output")] // 1@28x28, the reconstruction
public partial class ConvAutoencoder { }
