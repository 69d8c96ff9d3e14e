using NetGen.Checkpoints;
using NetGen.Fuzzing;
using NetGen.Optimizers;
using Xunit.Abstractions;

namespace NetGen.Runtime.Tests;

/// <summary>
/// SafeTensors.Load with an optimizer on mutants of a checkpoint that holds SGD state: it loads or throws
/// CheckpointException, and a refusal leaves the network and the optimizer (buffers, epoch, steps) untouched.
/// </summary>
public sealed class OptimizerCheckpointFuzzTests(ITestOutputHelper output)
{
    static readonly string[] Tokens =
    [
        "\"optimizer\"", "\"sgd\"", "\"adam\"", "\"optimizer.epoch\"", "\"optimizer.steps\"", "\"dropout_state\"", "\"-1\"", "\"0\"",
        "\"99999999999999999999\"", "\"optimizer.momentum_buffer.L.bias\"", "\"N.num_batches_tracked\"", "\"I64\"", "[]", "[3]", "{}", ",", "\\u001b",
    ];

    static (FakeLinearNetwork Net, SgdOptimizer Sgd) Fresh(int seed)
    {
        var net = new FakeLinearNetwork();
        net.InitializeParameters(seed);
        var sgd = new SgdOptimizer(net, new SgdOptions { Momentum = 0.9f });
        net.Gradients.Fill(seed);
        sgd.Step();
        sgd.SetEpoch(seed);
        return (net, sgd);
    }

    [Fact]
    public void Mutated_checkpoints_with_optimizer_state()
    {
        byte[] seedFile;
        using (var dir = new TempDirectory())
        {
            var (net, sgd) = Fresh(1);
            string path = dir.File("seed.safetensors");
            SafeTensors.Save(net, path, new Dictionary<string, string> { ["epoch"] = "3" }, sgd);
            seedFile = File.ReadAllBytes(path);
        }
        Assert.True(Check(seedFile));   // the seed itself loads, restoring the optimizer
        var report = FuzzLoop.Run("safetensors+sgd", [seedFile], new Mutator(Tokens), Check, 5, 5_000, TimeSpan.FromSeconds(3));
        output.WriteLine(report.ToString());
        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.True(report.Inputs >= 300, $"only {report.Inputs} inputs");
    }

    /// <summary>True when the file loaded; false when it was refused with everything left as it was.</summary>
    static bool Check(byte[] file)
    {
        using var dir = new TempDirectory();
        string path = dir.File("fuzz.safetensors");
        File.WriteAllBytes(path, file);
        var (net, sgd) = Fresh(2);
        var before = (net.Parameters.ToArray(), sgd.Velocity.ToArray(), sgd.Epoch, sgd.Steps);
        try
        {
            SafeTensors.Load(net, path, sgd);
            return true;
        }
        catch (CheckpointException e)
        {
            Assert.Equal(before.Item1, net.Parameters.ToArray());
            Assert.Equal(before.Item2, sgd.Velocity.ToArray());
            Assert.Equal((before.Epoch, before.Steps), (sgd.Epoch, sgd.Steps));
            Assert.False(e.Problem.Any(c => char.IsControl(c) || char.IsSurrogate(c)), e.Problem);
            return false;
        }
    }
}
