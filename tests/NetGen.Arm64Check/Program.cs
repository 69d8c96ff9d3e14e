using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using NetGen;
using NetGen.Arm64Check;
using NetGen.Numerics.Tests;

// Usage: NetGen.Arm64Check [--require-arm64] [x64-result-file]
// Runs the lane properties, every numerics network against the double reference on Vector128 and Scalar, and LeNet-5
// training compared with the x64 run in x64-result-file (LeNetTraining.Save). Exit code 1 when anything fails.
bool requireArm64 = args.Contains("--require-arm64");
string? expectedPath = args.FirstOrDefault(a => !a.StartsWith("--"));
var total = Stopwatch.StartNew();
int failures = 0;

Console.WriteLine($"ProcessArchitecture: {RuntimeInformation.ProcessArchitecture}");
Console.WriteLine($"AdvSimd.IsSupported: {AdvSimd.IsSupported}, AdvSimd.Arm64.IsSupported: {AdvSimd.Arm64.IsSupported}");
Console.WriteLine($"Vector128.IsHardwareAccelerated: {Vector128.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}, Vector512: {Vector512.IsHardwareAccelerated}");
Console.WriteLine($"Isa.Auto resolves to: {new NetGen.Samples.LeNet5.LeNet5(seed: 1).Profile(new float[1024], 1).Isa}");
if (requireArm64 && (RuntimeInformation.ProcessArchitecture != Architecture.Arm64 || !AdvSimd.Arm64.IsSupported || !Vector128.IsHardwareAccelerated))
{
    Console.WriteLine("FAIL this is not an ARM64 process with accelerated AdvSimd, which --require-arm64 asks for");
    return 1;
}

void Check(string name, Action check)
{
    var watch = Stopwatch.StartNew();
    try
    {
        check();
        Console.WriteLine($"ok   {name} ({watch.Elapsed.TotalSeconds:0.0} s)");
    }
    catch (Exception e)
    {
        failures++;
        var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
        Console.WriteLine($"FAIL {name} ({watch.Elapsed.TotalSeconds:0.0} s): {inner.GetType().Name}: {inner.Message}");
    }
}

// Every lane property ([Fact], and [Theory] with its [InlineData]) on every lane type.
var lanes = new LaneProperties();
foreach (var method in typeof(LaneProperties).GetMethods().Where(m => m.GetCustomAttributes<FactAttribute>().Any()))
{
    var rows = method.GetCustomAttributes<InlineDataAttribute>().Select(d => d.GetData(method).Single()).DefaultIfEmpty([]);
    foreach (var row in rows)
        Check($"lanes: {method.Name}({string.Join(", ", row)})", () => method.Invoke(lanes, row));
}

// The activations' lane math and derivatives against double with their x64 bounds (Vector128 is AdvSimd here).
var activationLanes = new ActivationLaneProperties(new ConsoleOutput());
foreach (var row in ActivationLaneProperties.Functions())
    Check($"activation lanes: {row[0]}", () => activationLanes.Activations_match_double_on_every_lane_type((string)row[0], (double)row[1]));

// Every numerics network, forward and backward against the double reference (tolerance 2e-4, as on x64).
var numerics = new GeneratedVsReferenceTests();
foreach (var name in TestNetworks.Names)
    foreach (var isa in new[] { Isa.Vector128, Isa.Scalar })
        Check($"reference: {name} {isa}", () => numerics.Forward_and_backward_match_the_reference(name, isa));

// LeNet-5 training on Vector128 against the x64 build's run.
const double Tolerance = 2e-5;  // measured: at most 3.8e-6 (the estimates differ: frecpe + 2 steps vs rcpps + 1)
Check($"LeNet-5 forward, backward and {LeNetTraining.Epochs * LeNetTraining.Samples} SGD steps vs x64", () =>
{
    var run = LeNetTraining.Run(Isa.Vector128);
    double firstEpoch = run.Losses[..LeNetTraining.Samples].Average(), lastEpoch = run.Losses[^LeNetTraining.Samples..].Average();
    Console.WriteLine($"     mean loss of the first epoch {firstEpoch:0.0000}, of the last {lastEpoch:0.0000}");
    Assert.True(lastEpoch < 0.8 * firstEpoch, "training did not lower the loss");
    if (expectedPath is null)
    {
        Console.WriteLine("     (no x64 result file given: the run is not compared)");
        return;
    }
    var (within, report) = run.Compare(LeNetTraining.Load(expectedPath), Tolerance);
    Console.WriteLine("     " + report.Replace("\n", "\n     "));
    Assert.True(within, "the ARM64 run differs from the x64 run beyond the tolerance");
});

Console.WriteLine($"{(failures == 0 ? "PASSED" : $"FAILED {failures}")} in {total.Elapsed.TotalSeconds:0.0} s");
return failures == 0 ? 0 : 1;

/// <summary>The measurements a lane property prints, on the console.</summary>
sealed class ConsoleOutput : Xunit.Abstractions.ITestOutputHelper
{
    public void WriteLine(string message) => Console.WriteLine("     " + message);
    public void WriteLine(string format, params object[] args) => Console.WriteLine("     " + string.Format(format, args));
}
