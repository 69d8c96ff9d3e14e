using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>GoogLeNet's pieces at toy size: two inception modules and a padded mean pooling with floor rounding.</summary>
[Network(4, 8, 9)]
[Inception(2, 3, 4, 2, 3, 2, Name = "inception1")]   // 11@8x9
[AvgPool(2, Pad = 1, DropRemainder = true)]          // 11@5x5
[Inception(3, 2, 2, 1, 2, 1, Name = "inception3")]   // 8@5x5
[GlobalAvgPool]
[Dense(3, Activation.Tanh)]
public partial class InceptionTiny { }
