using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.ModelZoo;

// ResNet-50 batch 1 forward (inference, running statistics) on one thread vs several (issue 15 item 5): two instances
// with the same parameters, one with Threads = 1 and one with Threads = N, timed alternately in one process (so both see
// the same machine load), medians over rounds. Checks that the outputs are the same floats and that a warm Forward
// allocates nothing. Usage: dotnet run -c Release [-- rounds [threads]] (default 21, 2).
int rounds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 21;
int threads = args.Length > 1 && int.TryParse(args[1], out var t) ? t : 2;
var one = new ResNet50(seed: 1);
var many = new ResNet50(seed: 1) { Threads = threads };
var random = new Random(5);
var input = Enumerable.Range(0, ResNet50.InputLength).Select(_ => random.NextSingle()).ToArray();
var a = new float[ResNet50.OutputLength];
var b = new float[ResNet50.OutputLength];
for (int w = 0; w < 5; w++) { one.Forward(input, a); many.Forward(input, b); }  // jit, past tiered compilation
if (!a.AsSpan().SequenceEqual(b)) Console.WriteLine("OUTPUTS DIFFER between 1 and " + threads + " threads");
long before = GC.GetTotalAllocatedBytes(precise: true);
for (int w = 0; w < 5; w++) many.Forward(input, b);
long allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / 5;
var single = new List<double>();
var multi = new List<double>();
for (int r = 0; r < rounds; r++)
{
    single.Add(Time(() => one.Forward(input, a)));
    multi.Add(Time(() => many.Forward(input, b)));
}
many.Threads = 1;
var inv = CultureInfo.InvariantCulture;
double s = Median(single), m = Median(multi);
// How much of a second core this process gets now: the same spin work on one thread, then on two at once.
double alone = Median(Enumerable.Range(0, 7).Select(_ => Time(() => Spin())).ToList());
double together = Median(Enumerable.Range(0, 7).Select(_ => Time(() => Parallel.Invoke(() => Spin(), () => Spin()))).ToList());
Console.WriteLine(string.Create(inv, $"Available parallelism now: two spins took {together / alone:F2}x one (1.00: two free cores, 2.00: one)"));
Console.WriteLine(string.Create(inv, $"ResNet-50 batch 1 forward, {Environment.ProcessorCount} logical processors, {rounds} interleaved rounds:"));
Console.WriteLine(string.Create(inv, $"  1 thread : median {s:F1} ms (min {single.Min():F1}, max {single.Max():F1})"));
Console.WriteLine(string.Create(inv, $"  {threads} threads: median {m:F1} ms (min {multi.Min():F1}, max {multi.Max():F1}); speedup {s / m:F2}x (of the minima {single.Min() / multi.Min():F2}x)"));
Console.WriteLine($"  outputs identical: {a.AsSpan().SequenceEqual(b)}; allocated per warm Forward on {threads} threads: {allocated} B");
return 0;

static double Time(Action action)
{
    long start = Stopwatch.GetTimestamp();
    action();
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

static double Spin()
{
    double x = 1;
    for (int i = 0; i < 20_000_000; i++) x = x * 1.0000001 + 1e-9;
    return x;
}

static double Median(List<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted[sorted.Length / 2];
}
