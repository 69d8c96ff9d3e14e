using System.Runtime.InteropServices;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;
using NetGen.Benchmarks.Infrastructure;

// NetGen.Benchmarks: LeNet-5 inference and training, NetGen vs TorchSharp-cpu vs a plain reference; ResNet-18/50,
// MobileNetV2, MobileNetV3-Large and EfficientNet-B0 forward at 224x224, Network-in-Network training at batch 64 and a
// decoder's transposed convolution forward and forward+backward, NetGen vs TorchSharp (and ONNX Runtime).
//   --check          only the numerical cross-checks (LeNet-5 peers, the ImageNet models, the transposed convolutions;
//                    verbose), exit code 1 on disagreement
//   --no-check       skip the quick cross-checks that otherwise run before the benchmarks
//   --profile [n] [lenet]  only NetGen's per-layer profiles: LeNet-5 (1000 n passes) and, without "lenet",
//                    the ImageNet models (n passes); n defaults to 10
//   --peak           only the measured single-core fp32 FMA throughput (the ceiling behind "% peak")
//   --allocations    only NetGen's managed bytes per operation, measured directly (this thread and the whole process)
//   anything else    BenchmarkDotNet's options: --filter '*', --job short|dry, --list flat, ...
// See benchmarks/README.md.

if (!TorchSharpNatives.Preload(Console.Error))
    return 2;

bool checkOnly = args.Contains("--check");
bool skipCheck = args.Contains("--no-check");
if (args.Contains("--allocations"))
{
    AllocationProbe.Run(Console.Out);
    return 0;
}
if (args.Contains("--peak"))
{
    PeakProbe.Run(Console.Out);
    return 0;
}
int profileAt = Array.IndexOf(args, "--profile");
if (profileAt >= 0)
{
    int repetitions = profileAt + 1 < args.Length && int.TryParse(args[profileAt + 1], out var n) ? n : 10;
    LeNetProfile.Run(Console.Out, repetitions);
    if (!args.Contains("lenet"))
        ImageNetCrossCheck.Profile(Console.Out, repetitions);
    return 0;
}
var rest = args.Where(a => a is not "--check" and not "--no-check").ToList();

if (checkOnly || !skipCheck)
{
    bool ok = CrossCheck.Run(Console.Out, verbose: checkOnly);
    ok &= ImageNetCrossCheck.Run(Console.Out, verbose: checkOnly);
    ok &= ConvTransposeCrossCheck.Run(Console.Out, verbose: checkOnly);
    if (!ok)
    {
        Console.Error.WriteLine("The peers disagree (see above): refusing to time functions that are not the same.");
        return 1;
    }
    if (checkOnly)
        return 0;
    Console.WriteLine("Cross-checks passed (LeNet-5: NetGen, TorchSharp and the reference agree; ResNets, MobileNets: NetGen, TorchSharp and ONNX Runtime agree; details: --check).");
}

// A job named on the command line replaces the default one; it must still run in process (see BenchConfig).
bool namesJob = rest.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));
if (namesJob && !rest.Contains("--inProcess") && !rest.Contains("-i"))
    rest.Add("--inProcess");
// Without a filter BenchmarkDotNet would ask on the console which benchmarks to run: default to all of them.
if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "--version" || a.StartsWith("--filter=", StringComparison.Ordinal)))
    rest.AddRange(["--filter", "*"]);

var summaries = BenchmarkSwitcher
    .FromTypes([typeof(InferenceBenchmarks), typeof(TrainingBenchmarks), typeof(ResNetBenchmarks), typeof(MobileNetBenchmarks), typeof(NinBenchmarks), typeof(ConvTransposeBenchmarks)])
    .Run(rest.ToArray(), BenchConfig.Create(addDefaultJob: !namesJob));
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;

/// <summary>
/// Loads the output copy of libLibTorchSharp.so by its full path before TorchSharp looks for it, so a build that did
/// not patch it fails here with the loader's own message (instead of TorchSharp's fallback, which copies ~500 MB of
/// libtorch from the NuGet cache next to the program and fails the same way).
/// </summary>
static class TorchSharpNatives
{
    public static bool Preload(TextWriter error)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            return true;
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
        ];
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            error.WriteLine($"libLibTorchSharp.so is not next to the program ({string.Join(" or ", candidates)}): build the project with dotnet build/run.");
            return false;
        }
        try
        {
            NativeLibrary.Load(path);
            return true;
        }
        catch (DllNotFoundException e)
        {
            error.WriteLine($"TorchSharp's native library does not load: {e.Message}");
            error.WriteLine("If the message names GLIBCXX_3.4.32: the build step WeakenTorchSharpGlibcxxNeed did not run on this copy; see benchmarks/README.md.");
            return false;
        }
    }
}
