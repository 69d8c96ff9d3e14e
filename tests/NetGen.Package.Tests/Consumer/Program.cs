using System.Globalization;
using NetGen.Checkpoints;
using PackageConsumer;

// Uses the package the way an application would: construct, forward, backward, checkpoint round trip.
var net = new TinyLeNet(seed: 42);
var input = new float[TinyLeNet.InputLength];
for (int i = 0; i < input.Length; i++)
    input[i] = MathF.Sin(i * 0.37f);
var output = new float[TinyLeNet.OutputLength];
net.Forward(input, output);

var outputGradient = new float[TinyLeNet.OutputLength];
outputGradient[3] = 1f;
var inputGradient = new float[TinyLeNet.InputLength];
net.Backward(outputGradient, inputGradient);

string checkpoint = Path.Combine(AppContext.BaseDirectory, "tiny.safetensors");
SafeTensors.Save(net, checkpoint);
var reloaded = new TinyLeNet(seed: 7);
SafeTensors.Load(reloaded, checkpoint);
var again = new float[TinyLeNet.OutputLength];
reloaded.Forward(input, again);

Console.WriteLine(TinyLeNet.Summary);
Console.WriteLine($"parameters={TinyLeNet.ParameterCount} summary-total={TinyLeNet.Summary.TotalParameters}");
Console.WriteLine("output=" + string.Join(" ", output.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
Console.WriteLine($"output-sum={output.Sum().ToString("F4", CultureInfo.InvariantCulture)}");
Console.WriteLine($"finite={output.All(float.IsFinite) && inputGradient.All(float.IsFinite)}");
Console.WriteLine($"gradient-nonzero={net.Gradients.ToArray().Any(g => g != 0) && inputGradient.Any(g => g != 0)}");
Console.WriteLine($"checkpoint-roundtrip={output.SequenceEqual(again)}");
#if NETGEN_TRAINING
Console.WriteLine($"mnist-package={NetGen.Data.Mnist.NpmPackage}");
#endif
