using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

public class SgdOptimizerTests
{
    static FakeLinearNetwork Net()
    {
        var net = new FakeLinearNetwork();
        for (int i = 0; i < net.ParameterCount; i++)
        {
            net.Parameters[i] = 1f + i;
            net.Gradients[i] = 0.5f * (i + 1);
        }
        return net;
    }

    [Fact]
    public void PlainStepIsMinusRateTimesScaledGradient()
    {
        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(0.1f) });
        sgd.Step(gradientScale: 0.5f);
        for (int i = 0; i < 15; i++)
            Assert.Equal(1f + i - 0.1f * 0.5f * 0.5f * (i + 1), net.Parameters[i], 6);
    }

    [Fact]
    public void UntrainableParametersAreNeverTouched()
    {
        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(0.1f), Momentum = 0.9f, WeightDecay = 0.01f });
        sgd.Step();
        sgd.Step();
        Assert.Equal(15, sgd.TrainableParameterCount);
        Assert.Equal(16f, net.Parameters[15]);
        Assert.Equal(17f, net.Parameters[16]);
    }

    [Fact]
    public void EveryIndexFollowsTheDocumentedRuleAtThisProcessVectorWidth() =>
        Assert.Null(SgdReference.FirstMismatch());

    [Theory]
    [InlineData("DOTNET_EnableHWIntrinsic", "0")]     // Vector<float> not accelerated: the scalar loop alone
    [InlineData("DOTNET_EnableAVX", "0")]             // 128-bit Vector<float>: 4 lanes
    [InlineData("DOTNET_MaxVectorTBitWidth", "512")]  // 16 lanes where AVX-512 exists
    public void EveryIndexFollowsTheDocumentedRuleAtEveryVectorWidth(string variable, string value)
    {
        // The runtime fixes Vector<float>'s width per process: run the same check in a child process configured for it.
        int expectedWidth = variable switch
        {
            "DOTNET_EnableHWIntrinsic" => 0,
            "DOTNET_EnableAVX" => 4,
            _ => Avx512F.IsSupported ? 16 : SgdReference.Width,
        };
        string host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? Environment.ProcessPath!
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(SgdReference).Assembly.Location);
        start.ArgumentList.Add("sgd-check");
        start.Environment[variable] = value;
        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd() + child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(60_000), "the child process did not finish");
        Assert.True(child.ExitCode == 0, output);
        Assert.Equal($"width {expectedWidth}", output.Trim());
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Momentum = 0.9f });
        sgd.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            sgd.Step(0.1f);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void SchedulesGiveTheRatePerEpoch()
    {
        var step = new StepSchedule(0.1f, 0.5f, 2);
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f, 0.025f], Enumerable.Range(0, 5).Select(step.Rate));
        var list = PerEpochSchedule.Runs((0.01f, 2), (0.005f, 1));
        Assert.Equal([0.01f, 0.01f, 0.005f, 0.005f], Enumerable.Range(0, 4).Select(list.Rate));

        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = list });
        sgd.SetEpoch(2);
        Assert.Equal(0.005f, sgd.LearningRate);
        sgd.Step();
        Assert.Equal(1f - 0.005f * 0.5f, net.Parameters[0], 6);
    }
}
