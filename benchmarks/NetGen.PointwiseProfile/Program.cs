using System.Globalization;
using NetGen;
using NetGen.Samples.ModelZoo;

// The 1x1 convolutions' per-layer times (the generated Profile: each layer's method timed inside whole forward and
// backward passes of one sample) in NIN and ResNet-50, as medians over rounds, to compare kernel strategies with less
// noise than whole-network benchmarks on a shared machine. Usage: dotnet run -c Release [-- rounds] [--nin] (default 9
// rounds); --nin prints every layer of NIN (where its training time goes, issue 18) and skips ResNet-50.
int rounds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 9;
bool ninOnly = args.Contains("--nin");
var nin = new NinMnist(seed: 1);
Run((x, r) => nin.Profile(x, r), NinMnist.InputLength, repetitions: 40, rounds, everyLayer: ninOnly);
if (ninOnly) return 0;
var resnet = new ResNet50(seed: 1);
Run((x, r) => resnet.Profile(x, r), ResNet50.InputLength, repetitions: 2, rounds, everyLayer: false);
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}

static void Run(Func<float[], int, NetworkProfile> profile, int inputLength, int repetitions, int rounds, bool everyLayer)
{
    var random = new Random(5);
    var input = Enumerable.Range(0, inputLength).Select(_ => random.NextSingle()).ToArray();
    profile(input, repetitions);  // jit and warm
    var profiles = Enumerable.Range(0, rounds).Select(_ => profile(input, repetitions)).ToList();
    var first = profiles[0];
    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv, $"{first.Network} on {first.Isa}: medians of {rounds} rounds of {repetitions} passes, microseconds"));
    Console.WriteLine($"{"layer",-24} {"kind",-16} {"MACs",12} {"forward",10} {"backward",10} {"fwd GFLOP/s",12}");
    double pwForward = 0, pwBackward = 0;
    for (int i = 0; i < first.Layers.Count; i++)
    {
        var l = first.Layers[i];
        double f = Median(profiles.Select(p => p.Layers[i].ForwardMicroseconds)), b = Median(profiles.Select(p => p.Layers[i].BackwardMicroseconds));
        bool pointwise = l.Kind.StartsWith("conv 1x1", StringComparison.Ordinal) && !l.Kind.Contains('/');
        if (!pointwise && !everyLayer) continue;
        if (pointwise) { pwForward += f; pwBackward += b; }
        Console.WriteLine(string.Create(inv, $"{l.Name,-24} {l.Kind,-16} {l.MultiplyAdds,12} {f,10:F1} {b,10:F1} {(l.MultiplyAdds == 0 ? 0 : 2.0 * l.MultiplyAdds / (f * 1e3)),12:F1}"));
    }
    Console.WriteLine(string.Create(inv, $"1x1 stride-1 layers: forward {pwForward:F0} us, backward {pwBackward:F0} us"));
    Console.WriteLine(string.Create(inv, $"whole network: forward {Median(profiles.Select(p => p.ForwardMicroseconds)):F0} us, backward {Median(profiles.Select(p => p.BackwardMicroseconds)):F0} us"));
    Console.WriteLine();
}
