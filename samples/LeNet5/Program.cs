using NetGen;
using NetGen.Samples.LeNet5;

var net = new LeNet5(seed: 42);
Console.WriteLine(LeNet5.Summary);

var input = new float[LeNet5.InputLength];
var random = new Random(1);
for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
var output = new float[LeNet5.OutputLength];
net.Forward(input, output);
Console.WriteLine("RBF distances: " + string.Join(" ", output.Select(v => v.ToString("F2"))));

var outputGradient = Enumerable.Repeat(1f, LeNet5.OutputLength).ToArray();
var inputGradient = new float[LeNet5.InputLength];
net.Backward(outputGradient, inputGradient);
Console.WriteLine($"|dE/dinput| = {Math.Sqrt(inputGradient.Sum(g => (double)g * g)):F4}, |dE/dparameters| = {Math.Sqrt(net.Gradients.ToArray().Sum(g => (double)g * g)):F4}");
