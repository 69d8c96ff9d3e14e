using System.Globalization;
using NetGen;
using NetGen.Im2colProfile;

// Single convolutions' forward and backward medians (the generated Profile, one sample), to compare kernel-gradient
// strategies: a network whose only layer is the convolution times its bias and kernel gradients alone; "...Input"
// adds the input gradient. Usage: dotnet run -c Release [-- rounds] (default 9).
int rounds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 9;
var inv = CultureInfo.InvariantCulture;
Console.WriteLine($"{"network",-14} {"layer",-8} {"kind",-18} {"forward",10} {"backward",10}");
var cases = new (string Name, Func<float[], int, NetworkProfile> Profile, int Length, int Reps)[]
{
    ("K3At7", Of(new K3At7(seed: 1), (n, x, r) => n.Profile(x, r)), K3At7.InputLength, 200),
    ("K3At7Input", Of(new K3At7Input(seed: 1), (n, x, r) => n.Profile(x, r)), K3At7Input.InputLength, 200),
    ("K5At14", Of(new K5At14(seed: 1), (n, x, r) => n.Profile(x, r)), K5At14.InputLength, 40),
    ("K5At14Input", Of(new K5At14Input(seed: 1), (n, x, r) => n.Profile(x, r)), K5At14Input.InputLength, 40),
    ("K5At28", Of(new K5At28(seed: 1), (n, x, r) => n.Profile(x, r)), K5At28.InputLength, 200),
    ("K3At28", Of(new K3At28(seed: 1), (n, x, r) => n.Profile(x, r)), K3At28.InputLength, 100),
    ("K3At14", Of(new K3At14(seed: 1), (n, x, r) => n.Profile(x, r)), K3At14.InputLength, 40),
    ("K3At56", Of(new K3At56(seed: 1), (n, x, r) => n.Profile(x, r)), K3At56.InputLength, 10),
    ("Few18At14", Of(new Few18At14(seed: 1), (n, x, r) => n.Profile(x, r)), Few18At14.InputLength, 400),
    ("Few36At7", Of(new Few36At7(seed: 1), (n, x, r) => n.Profile(x, r)), Few36At7.InputLength, 1000),
    ("Few25At14", Of(new Few25At14(seed: 1), (n, x, r) => n.Profile(x, r)), Few25At14.InputLength, 400),
};
var random = new Random(5);
var results = cases.Select(c => new List<NetworkProfile>()).ToArray();
var inputs = cases.Select(c => Enumerable.Range(0, c.Length).Select(_ => random.NextSingle()).ToArray()).ToArray();
for (int i = 0; i < cases.Length; i++) cases[i].Profile(inputs[i], cases[i].Reps);  // jit and warm
for (int r = 0; r < rounds; r++)   // interleaved: every case once per round
    for (int i = 0; i < cases.Length; i++) results[i].Add(cases[i].Profile(inputs[i], cases[i].Reps));
for (int i = 0; i < cases.Length; i++)
{
    var first = results[i][0];
    for (int j = 0; j < first.Layers.Count; j++)
    {
        var l = first.Layers[j];
        double f = Median(results[i].Select(p => p.Layers[j].ForwardMicroseconds)), b = Median(results[i].Select(p => p.Layers[j].BackwardMicroseconds));
        Console.WriteLine(string.Create(inv, $"{cases[i].Name,-14} {l.Name,-8} {l.Kind,-18} {f,10:F1} {b,10:F1}"));
    }
}
Console.WriteLine($"ISA: {results[0][0].Isa}");
return 0;

static Func<float[], int, NetworkProfile> Of<T>(T net, Func<T, float[], int, NetworkProfile> profile) => (x, r) => profile(net, x, r);

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}
