using System.Buffers.Binary;
using System.Text.Json.Nodes;
using NetGen.Checkpoints;
using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

/// <summary>Adam's and AdamW's state in a checkpoint: what is written, what comes back, what is refused with nothing changed.</summary>
public class AdamCheckpointTests
{
    static AdaptiveMomentOptimizer Optimizer(INetwork net, string kind) => kind switch
    {
        "adam" => new AdamOptimizer(net, new AdamOptions { Schedule = new PerEpochSchedule(0.1f, 0.05f) }),
        "adamw" => new AdamWOptimizer(net, new AdamWOptions { Schedule = new PerEpochSchedule(0.1f, 0.05f) }),
        "amsgrad" => new AdamOptimizer(net, new AdamOptions { Schedule = new PerEpochSchedule(0.1f, 0.05f), AmsGrad = true }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Three steps into epoch 1 with shrinking gradients, so the moments, their maximum and the step count are all set.</summary>
    static (FakeLinearNetwork Net, AdaptiveMomentOptimizer Adam) Stepped(int seed, string kind)
    {
        var net = new FakeLinearNetwork();
        net.InitializeParameters(seed);
        var adam = Optimizer(net, kind);
        adam.SetEpoch(1);
        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < net.ParameterCount; i++)
                net.Gradients[i] = (seed + i * 0.25f) / (1 + 3 * step);
            adam.Step();
        }
        return (net, adam);
    }

    static string Saved(TempDirectory dir, string kind)
    {
        var (net, adam) = Stepped(1, kind);
        string path = dir.File("adam.safetensors");
        SafeTensors.Save(net, path, optimizer: adam);
        return path;
    }

    static float[][] State(AdaptiveMomentOptimizer adam) => Enumerable.Range(0, adam.BufferNames.Count).Select(k => adam.Buffer(k).ToArray()).ToArray();

    [Fact]
    public void SavesTheMomentsAsPyTorchNamesThem()
    {
        using var dir = new TempDirectory();
        var (header, data) = SafeTensorsFile.Read(Saved(dir, "amsgrad"));
        var metadata = header["__metadata__"]!.AsObject();
        Assert.Equal(("adam", "1", "3"), ((string?)metadata["optimizer"], (string?)metadata["optimizer.epoch"], (string?)metadata["optimizer.steps"]));
        foreach (var buffer in new[] { "exp_avg", "exp_avg_sq", "max_exp_avg_sq" })
            Assert.Equal(new JsonArray(3, 4).ToJsonString(), header[$"optimizer.{buffer}.L.weight"]!["shape"]!.ToJsonString());
        Assert.Equal(4 * 4 * 17, data.Length);   // parameters and three buffers
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("amsgrad")]
    public void RestoresMomentsEpochAndSteps(string kind)
    {
        using var dir = new TempDirectory();
        string path = Saved(dir, kind);
        var (source, sourceAdam) = Stepped(1, kind);
        var net = new FakeLinearNetwork();
        var adam = Optimizer(net, kind);
        Assert.True(SafeTensors.Load(net, path, adam).OptimizerRestored);
        Assert.Equal(source.Parameters.ToArray(), net.Parameters.ToArray());
        Assert.Equal(State(sourceAdam), State(adam));
        Assert.Contains(adam.ExpAvgSq.ToArray(), x => x > 0);
        Assert.Equal((1, 3L, 0.05f), (adam.Epoch, adam.Steps, adam.LearningRate));
    }

    /// <summary>Writes <paramref name="value"/> over element <paramref name="index"/> of tensor <paramref name="name"/>.</summary>
    static void Poke(string path, string name, int index, float value)
    {
        var (header, data) = SafeTensorsFile.Read(path);
        long begin = (long)header[name]!["data_offsets"]![0]!;
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan((int)begin + 4 * index), value);
        SafeTensorsFile.Write(path, header, data);
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "adam", "adamw", "holds the state of a 'adam' optimizer, not of this adamw optimizer" },
        { "adamw", "adam", "holds the state of a 'adamw' optimizer, not of this adam optimizer" },
        { "amsgrad", "adam", "unexpected tensor 'optimizer.max_exp_avg_sq.L.bias' that this optimizer does not have" },
        { "adam", "amsgrad", "missing tensor 'optimizer.max_exp_avg_sq.L.weight' [3,4]" },
        { "adam", "negative", "tensor 'optimizer.exp_avg_sq.L.bias' element 1 is -0.5, which this adam optimizer cannot hold: exp_avg_sq is a mean of squares" },
        { "amsgrad", "nan", "tensor 'optimizer.max_exp_avg_sq.L.weight' element 11 is NaN, which this adam optimizer cannot hold" },
        { "adam", "shape", "tensor 'optimizer.exp_avg.L.bias' has shape [2], this network expects [3]" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusesAMismatchedOrImpossibleStateChangingNothing(string saved, string change, string message)
    {
        using var dir = new TempDirectory();
        string path = Saved(dir, saved);
        string into = saved;
        switch (change)
        {
            case "negative": Poke(path, "optimizer.exp_avg_sq.L.bias", 1, -0.5f); break;
            case "nan": Poke(path, "optimizer.max_exp_avg_sq.L.weight", 11, float.NaN); break;
            case "shape": SafeTensorsFile.Edit(path, h => h["optimizer.exp_avg.L.bias"]!["shape"] = new JsonArray(2)); break;
            default: into = change; break;
        }
        var (net, adam) = Stepped(2, into);
        var before = (net.Parameters.ToArray(), State(adam), adam.Epoch, adam.Steps);
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(net, path, adam));
        Assert.Contains(message, e.Message);
        Assert.Equal(before.Item1, net.Parameters.ToArray());
        Assert.Equal(before.Item2, State(adam));
        Assert.Equal((before.Epoch, before.Steps), (adam.Epoch, adam.Steps));
    }

    [Fact]
    public void AnSgdCheckpointIsRefusedByAdam()
    {
        using var dir = new TempDirectory();
        var net = new FakeLinearNetwork();
        var sgd = new SgdOptimizer(net, new SgdOptions { Momentum = 0.9f });
        net.Gradients.Fill(1f);
        sgd.Step();
        string path = dir.File("sgd.safetensors");
        SafeTensors.Save(net, path, optimizer: sgd);
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(new FakeLinearNetwork(), path, new AdamOptimizer(new FakeLinearNetwork())));
        Assert.Contains("holds the state of a 'sgd' optimizer, not of this adam optimizer", e.Message);
    }
}
