using NetGen;

namespace NetGen.Samples.LeNet5;

// The layers are declared in samples/LeNet5/LeNet5.cs (linked); this partial declaration only adds the trained
// weights, which the generator checks against those layers at build time and embeds: LeNet5.Pretrained().
[Weights("lenet5.safetensors")]
public partial class LeNet5;
