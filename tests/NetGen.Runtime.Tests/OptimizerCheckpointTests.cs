using System.Text.Json.Nodes;
using NetGen.Checkpoints;
using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

/// <summary>The optimizer's state in a checkpoint: what is written, and what is refused with nothing changed.</summary>
public class OptimizerCheckpointTests
{
    /// <summary>A network and an SGD optimizer two steps into epoch 1, so every part of the state is not the default.</summary>
    static (FakeLinearNetwork Net, SgdOptimizer Sgd) Stepped(int seed)
    {
        var net = new FakeLinearNetwork();
        net.InitializeParameters(seed);
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new PerEpochSchedule(0.1f, 0.05f), Momentum = 0.9f });
        sgd.SetEpoch(1);
        for (int step = 0; step < 2; step++)
        {
            for (int i = 0; i < net.ParameterCount; i++)
                net.Gradients[i] = seed + i * 0.25f;
            sgd.Step();
        }
        return (net, sgd);
    }

    static string Saved(TempDirectory dir, int seed = 1)
    {
        var (net, sgd) = Stepped(seed);
        string path = dir.File("ckpt.safetensors");
        SafeTensors.Save(net, path, new Dictionary<string, string> { ["epoch"] = "2", ["optimizer"] = "not mine" }, sgd);
        return path;
    }

    [Fact]
    public void SavesTheBuffersAsTensorsAndThePositionAsMetadata()
    {
        using var dir = new TempDirectory();
        var (header, data) = SafeTensorsFile.Read(Saved(dir));
        var metadata = header["__metadata__"]!.AsObject();
        Assert.Equal("sgd", (string?)metadata["optimizer"]);   // the caller's entry under a reserved key is dropped
        Assert.Equal("1", (string?)metadata["optimizer.epoch"]);
        Assert.Equal("2", (string?)metadata["optimizer.steps"]);
        Assert.Equal("2", (string?)metadata["epoch"]);
        Assert.False(metadata.ContainsKey("dropout_state"));   // no dropout in this network
        Assert.Equal("""{"dtype":"F32","shape":[3,4],"data_offsets":[68,116]}""", header["optimizer.momentum_buffer.L.weight"]!.ToJsonString());
        Assert.Equal("""{"dtype":"F32","shape":[2],"data_offsets":[128,136]}""", header["optimizer.momentum_buffer.L.fixed"]!.ToJsonString());
        Assert.Equal(2 * 4 * 17, data.Length);
    }

    [Fact]
    public void RestoresBuffersEpochAndSteps()
    {
        using var dir = new TempDirectory();
        string path = Saved(dir);
        var (source, sourceSgd) = Stepped(1);
        var net = new FakeLinearNetwork();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new PerEpochSchedule(0.1f, 0.05f), Momentum = 0.9f });
        var loaded = SafeTensors.Load(net, path, sgd);
        Assert.True(loaded.OptimizerRestored);
        Assert.Equal("2", loaded.Metadata["epoch"]);
        Assert.Equal(source.Parameters.ToArray(), net.Parameters.ToArray());
        Assert.Equal(sourceSgd.Velocity.ToArray(), sgd.Velocity.ToArray());
        Assert.Equal((1, 2L, 0.05f), (sgd.Epoch, sgd.Steps, sgd.LearningRate));
    }

    [Fact]
    public void ANetworkOnlyLoadIgnoresTheOptimizerTensors()
    {
        using var dir = new TempDirectory();
        var net = new FakeLinearNetwork();
        var metadata = SafeTensors.Load(net, Saved(dir));
        Assert.Equal(Stepped(1).Net.Parameters.ToArray(), net.Parameters.ToArray());
        Assert.Equal("sgd", metadata["optimizer"]);
    }

    [Fact]
    public void AFileWithoutOptimizerStateResetsTheOptimizer()
    {
        using var dir = new TempDirectory();
        string path = dir.File("net.safetensors");
        SafeTensors.Save(Stepped(1).Net, path);
        var (net, sgd) = Stepped(2);
        var loaded = SafeTensors.Load(net, path, sgd);
        Assert.False(loaded.OptimizerRestored);
        Assert.Equal(Stepped(1).Net.Parameters.ToArray(), net.Parameters.ToArray());
        Assert.All(sgd.Velocity.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal((1, 0L), (sgd.Epoch, sgd.Steps));   // the epoch is the caller's to set
    }

    public static TheoryData<string, string> Doctored => new()
    {
        { "kind", "holds the state of a 'adam' optimizer, not of this sgd optimizer" },
        { "no kind", "no 'optimizer' metadata entry" },
        { "steps", "without a valid 'optimizer.steps' entry" },
        { "epoch", "without a valid 'optimizer.epoch' entry" },
        { "shape", "tensor 'optimizer.momentum_buffer.L.weight' has shape [4,3], this network expects [3,4]" },
        { "dtype", "tensor 'optimizer.momentum_buffer.L.bias' has dtype F64, expected F32" },
        { "missing", "missing tensor 'optimizer.momentum_buffer.L.fixed' [2]" },
    };

    [Theory]
    [MemberData(nameof(Doctored))]
    public void RefusesDoctoredOptimizerStateChangingNothing(string change, string message)
    {
        using var dir = new TempDirectory();
        string path = Saved(dir);
        SafeTensorsFile.Edit(path, header =>
        {
            var metadata = header["__metadata__"]!.AsObject();
            switch (change)
            {
                case "kind": metadata["optimizer"] = "adam"; break;
                case "no kind": metadata.Remove("optimizer"); break;
                case "steps": metadata["optimizer.steps"] = "-1"; break;
                case "epoch": metadata.Remove("optimizer.epoch"); break;
                case "shape": header["optimizer.momentum_buffer.L.weight"]!["shape"] = new JsonArray(4, 3); break;
                case "dtype": header["optimizer.momentum_buffer.L.bias"]!["dtype"] = "F64"; break;
                case "missing": header.Remove("optimizer.momentum_buffer.L.fixed"); break;
            }
        });
        var (net, sgd) = Stepped(2);
        var before = (net.Parameters.ToArray(), sgd.Velocity.ToArray(), sgd.Epoch, sgd.Steps, sgd.LearningRate);
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(net, path, sgd));
        Assert.Contains(message, e.Message);
        var after = (net.Parameters.ToArray(), sgd.Velocity.ToArray(), sgd.Epoch, sgd.Steps, sgd.LearningRate);
        Assert.Equal(before.Item1, after.Item1);
        Assert.Equal(before.Item2, after.Item2);
        Assert.Equal((before.Epoch, before.Steps, before.LearningRate), (after.Epoch, after.Steps, after.LearningRate));
    }

    [Fact]
    public void RefusesAnOptimizerOfAnotherNetworkSize()
    {
        using var dir = new TempDirectory();
        var other = new SgdOptimizer(new FakeLinearNetwork(inputs: 5));
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(new FakeLinearNetwork(), dir.File("x.safetensors"), optimizer: other));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
