using NetGen;

namespace NetGen.Samples.LeNet5;

// The layers come from samples/LeNet5/LeNet5.cs (linked); this adds the trained weights, which the generator checks
// against those layers and compiles into the executable: LeNet5.Pretrained(), no checkpoint file to ship.
[Weights("lenet5.safetensors")]
public partial class LeNet5;
