using NetGen.Checkpoints;
using NetGen.Fuzzing;
using NetGen.Optimizers;
using Xunit.Abstractions;

namespace NetGen.Runtime.Tests;

/// <summary>
/// SafeTensors.Load with an optimizer on mutants of a checkpoint that holds SGD or AdamW (amsgrad) state: it loads or
/// throws CheckpointException, and a refusal leaves the network and the optimizer (buffers, epoch, steps) untouched.
/// </summary>
public sealed class OptimizerCheckpointFuzzTests(ITestOutputHelper output)
{
    static readonly string[] Tokens =
    [
        "\"optimizer\"", "\"sgd\"", "\"adam\"", "\"optimizer.epoch\"", "\"optimizer.steps\"", "\"dropout_state\"", "\"-1\"", "\"0\"",
        "\"99999999999999999999\"", "\"optimizer.momentum_buffer.L.bias\"", "\"adamw\"", "\"optimizer.exp_avg_sq.L.weight\"", "\"optimizer.max_exp_avg_sq.L.bias\"", "\"N.num_batches_tracked\"", "\"I64\"", "[]", "[3]", "{}", ",", "\\u001b",
    ];

    static (FakeLinearNetwork Net, IOptimizer Optimizer) Fresh(int seed, string kind)
    {
        var net = new FakeLinearNetwork();
        net.InitializeParameters(seed);
        IOptimizer optimizer = kind == "sgd"
            ? new SgdOptimizer(net, new SgdOptions { Momentum = 0.9f })
            : new AdamWOptimizer(net, new AdamWOptions { AmsGrad = true });
        net.Gradients.Fill(seed);
        optimizer.Step();
        optimizer.SetEpoch(seed);
        return (net, optimizer);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adamw")]
    public void Mutated_checkpoints_with_optimizer_state(string kind)
    {
        byte[] seedFile;
        using (var dir = new TempDirectory())
        {
            var (net, optimizer) = Fresh(1, kind);
            string path = dir.File("seed.safetensors");
            SafeTensors.Save(net, path, new Dictionary<string, string> { ["epoch"] = "3" }, optimizer);
            seedFile = File.ReadAllBytes(path);
        }
        Assert.True(Check(seedFile, kind));   // the seed itself loads, restoring the optimizer
        var report = FuzzLoop.Run($"safetensors+{kind}", [seedFile], new Mutator(Tokens), file => Check(file, kind), 5, 5_000, TimeSpan.FromSeconds(3));
        output.WriteLine(report.ToString());
        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.True(report.Inputs >= 300, $"only {report.Inputs} inputs");
    }

    static float[][] Buffers(IOptimizerState optimizer) => Enumerable.Range(0, optimizer.BufferNames.Count).Select(k => optimizer.Buffer(k).ToArray()).ToArray();

    /// <summary>True when the file loaded; false when it was refused with everything left as it was.</summary>
    static bool Check(byte[] file, string kind)
    {
        using var dir = new TempDirectory();
        string path = dir.File("fuzz.safetensors");
        File.WriteAllBytes(path, file);
        var (net, optimizer) = Fresh(2, kind);
        var before = (net.Parameters.ToArray(), Buffers(optimizer), optimizer.Epoch, optimizer.Steps);
        try
        {
            SafeTensors.Load(net, path, optimizer);
            return true;
        }
        catch (CheckpointException e)
        {
            Assert.Equal(before.Item1, net.Parameters.ToArray());
            Assert.Equal(before.Item2, Buffers(optimizer));
            Assert.Equal((before.Epoch, before.Steps), (optimizer.Epoch, optimizer.Steps));
            Assert.False(e.Problem.Any(c => char.IsControl(c) || char.IsSurrogate(c)), e.Problem);
            return false;
        }
    }
}
