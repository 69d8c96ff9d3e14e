using System.Globalization;
using NetGen;
using NetGen.Samples.ModelZoo;

// MobileNetV2's 1x1 convolutions, layer by layer (the generated Profile: each layer's method timed inside whole forward
// and backward passes of one sample, 224x224, running statistics, so a batch norm after a 1x1 is applied by it), as
// medians over rounds: forward and backward microseconds and GFLOP/s (2 x multiply-adds / time; the backward does two
// products, so 4 x), and the whole-network forward and backward. Usage: dotnet run -c Release [-- rounds [repetitions]]
// (default 9, 3).
// With "checksum": one forward and backward per ISA path, printing hashes of the output, the parameter gradients and
// the input gradient, to compare a kernel change bit for bit against the build before it.
if (args.Length > 0 && args[0] == "checksum") return Checksums();
int rounds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 9;
int repetitions = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 3;
var net = new MobileNetV2(seed: 1);
var random = new Random(5);
var input = Enumerable.Range(0, MobileNetV2.InputLength).Select(_ => random.NextSingle()).ToArray();
net.Profile(input, repetitions);  // jit and warm past tiered compilation
net.Profile(input, repetitions);
var profiles = Enumerable.Range(0, rounds).Select(_ => net.Profile(input, repetitions)).ToList();
var inv = CultureInfo.InvariantCulture;
var layers = ((INetwork)net).Layers.ToDictionary(l => l.Name);
Console.WriteLine(string.Create(inv, $"{profiles[0].Network} on {profiles[0].Isa}: medians of {rounds} rounds of {repetitions} passes"));
Console.WriteLine($"{"layer",-20} {"shape",-20} {"fwd us",9} {"bwd us",9} {"fwd GF/s",9} {"bwd GF/s",9} {"bn fwd",7} {"bn bwd",7}");
double forward = 0, backward = 0, normForward = 0, normBackward = 0;
for (int i = 0; i < profiles[0].Layers.Count; i++)
{
    var timing = profiles[0].Layers[i];
    if (!layers.TryGetValue(timing.Name, out var l) || l.Type != LayerType.Conv || l.Kernel != 1 || l.Groups > 1) continue;
    double f = Median(profiles.Select(p => p.Layers[i].ForwardMicroseconds)), b = Median(profiles.Select(p => p.Layers[i].BackwardMicroseconds));
    forward += f;
    backward += b;
    double nf = 0, nb = 0;
    if (i + 1 < profiles[0].Layers.Count && layers.TryGetValue(profiles[0].Layers[i + 1].Name, out var next) && next.Type == LayerType.BatchNorm)
    {
        nf = Median(profiles.Select(p => p.Layers[i + 1].ForwardMicroseconds));
        nb = Median(profiles.Select(p => p.Layers[i + 1].BackwardMicroseconds));
    }
    normForward += nf;
    normBackward += nb;
    string shape = $"{l.InChannels}->{l.OutChannels}@{l.OutHeight}x{l.OutWidth}";
    Console.WriteLine(string.Create(inv, $"{l.Name,-20} {shape,-20} {f,9:F1} {b,9:F1} {2.0 * timing.MultiplyAdds / (f * 1e3),9:F1} {4.0 * timing.MultiplyAdds / (b * 1e3),9:F1} {nf,7:F1} {nb,7:F1}"));
}
Console.WriteLine(string.Create(inv, $"1x1 layers: forward {forward:F0} us, backward {backward:F0} us; their batch norms: forward {normForward:F0} us, backward {normBackward:F0} us"));
Console.WriteLine(string.Create(inv, $"whole network: forward {Median(profiles.Select(p => p.ForwardMicroseconds)):F0} us, backward {Median(profiles.Select(p => p.BackwardMicroseconds)):F0} us"));
return 0;

static int Checksums()
{
    var net = new MobileNetV2(seed: 1);
    var random = new Random(5);
    var input = Enumerable.Range(0, MobileNetV2.InputLength).Select(_ => random.NextSingle()).ToArray();
    var output = new float[MobileNetV2.OutputLength];
    var outputGradient = Enumerable.Range(0, MobileNetV2.OutputLength).Select(_ => random.NextSingle() - 0.5f).ToArray();
    var inputGradient = new float[MobileNetV2.InputLength];
    foreach (var isa in new[] { Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512 })
    {
        net.Isa = isa;
        net.Gradients.Clear();
        net.Forward(input, output);
        net.Backward(outputGradient, inputGradient);
        Console.WriteLine($"{isa,-10} output {Hash(output):x16} gradients {Hash(net.Gradients):x16} input gradient {Hash(inputGradient):x16}");
    }
    return 0;
}

static ulong Hash(ReadOnlySpan<float> values)
{
    ulong h = 14695981039346656037;  // FNV-1a over the bits
    foreach (float v in values) h = (h ^ (uint)BitConverter.SingleToInt32Bits(v)) * 1099511628211;
    return h;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}
