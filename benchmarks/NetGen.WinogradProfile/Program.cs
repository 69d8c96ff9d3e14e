using System.Globalization;
using NetGen;
using NetGen.Samples.ModelZoo;
using NetGen.WinogradProfile;

// The 3x3 stride-1 convolutions' per-layer times (the generated Profile: each layer's method timed inside whole forward
// and backward passes of one sample) in ResNet-18, ResNet-50 and single layers of other shapes, as medians over rounds:
// run it once with the planner's Winograd rule and once without to compare kernel strategies with less noise than
// whole-network benchmarks on a shared machine. Usage: dotnet run -c Release [-- rounds [shapes|resnet|tiles]] (default 9, shapes and resnet; tiles: TileRule.cs).
int rounds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 9;
string which = args.Length > 1 ? args[1] : "";
if (which == "tiles")
{
    TileRule.Run(rounds);
    return 0;
}
if (which != "resnet" && which != "tiles")
{
    Run((x, r) => new S16x56(1).Profile(x, r), S16x56.InputLength, 20, rounds);
    Run((x, r) => new S32x56(1).Profile(x, r), S32x56.InputLength, 10, rounds);
    Run((x, r) => new S16x28(1).Profile(x, r), S16x28.InputLength, 40, rounds);
    Run((x, r) => new S32x28(1).Profile(x, r), S32x28.InputLength, 20, rounds);
    Run((x, r) => new S64x28(1).Profile(x, r), S64x28.InputLength, 10, rounds);
    Run((x, r) => new S16x14(1).Profile(x, r), S16x14.InputLength, 100, rounds);
    Run((x, r) => new S32x14(1).Profile(x, r), S32x14.InputLength, 50, rounds);
    Run((x, r) => new S64x14(1).Profile(x, r), S64x14.InputLength, 20, rounds);
    Run((x, r) => new S128x14(1).Profile(x, r), S128x14.InputLength, 10, rounds);
    Run((x, r) => new S32x7(1).Profile(x, r), S32x7.InputLength, 100, rounds);
    Run((x, r) => new S64x7(1).Profile(x, r), S64x7.InputLength, 50, rounds);
    Run((x, r) => new S128x7(1).Profile(x, r), S128x7.InputLength, 20, rounds);
    Run((x, r) => new S256x7(1).Profile(x, r), S256x7.InputLength, 10, rounds);
}
if (which != "shapes" && which != "tiles")
{
    var resnet18 = new ResNet18(seed: 1);
    Run((x, r) => resnet18.Profile(x, r), ResNet18.InputLength, repetitions: 3, rounds);
    var resnet50 = new ResNet50(seed: 1);
    Run((x, r) => resnet50.Profile(x, r), ResNet50.InputLength, repetitions: 2, rounds);
}
return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}

static void Run(Func<float[], int, NetworkProfile> profile, int inputLength, int repetitions, int rounds)
{
    var random = new Random(5);
    var input = Enumerable.Range(0, inputLength).Select(_ => random.NextSingle()).ToArray();
    profile(input, repetitions);  // jit and warm
    var profiles = Enumerable.Range(0, rounds).Select(_ => profile(input, repetitions)).ToList();
    var first = profiles[0];
    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv, $"{first.Network} on {first.Isa}: medians of {rounds} rounds of {repetitions} passes, microseconds"));
    Console.WriteLine($"{"layer",-24} {"kind",-16} {"MACs",12} {"forward",10} {"backward",10} {"fwd GFLOP/s",12}");
    double forward = 0, backward = 0;
    for (int i = 0; i < first.Layers.Count; i++)
    {
        var l = first.Layers[i];
        double f = Median(profiles.Select(p => p.Layers[i].ForwardMicroseconds)), b = Median(profiles.Select(p => p.Layers[i].BackwardMicroseconds));
        if (!l.Kind.StartsWith("conv 3x3", StringComparison.Ordinal) || l.Kind.Contains('/')) continue;
        forward += f;
        backward += b;
        Console.WriteLine(string.Create(inv, $"{l.Name,-24} {l.Kind,-16} {l.MultiplyAdds,12} {f,10:F1} {b,10:F1} {2.0 * l.MultiplyAdds / (f * 1e3),12:F1}"));
    }
    Console.WriteLine(string.Create(inv, $"3x3 stride-1 layers: forward {forward:F0} us, backward {backward:F0} us"));
    Console.WriteLine(string.Create(inv, $"whole network: forward {Median(profiles.Select(p => p.ForwardMicroseconds)):F0} us, backward {Median(profiles.Select(p => p.BackwardMicroseconds)):F0} us"));
    Console.WriteLine();
}
