using System.Text.Json.Nodes;
using NetGen.Checkpoints;

namespace NetGen.Runtime.Tests;

/// <summary>
/// Files as <c>safetensors.torch.save_file(model.state_dict())</c> writes them: no NetGen metadata, batch norm
/// counters (<c>num_batches_tracked</c>, I64 scalars) beside the running statistics, tensors in PyTorch's order.
/// </summary>
public class PyTorchStateDictTests
{
    /// <summary>A state dict for <see cref="StatefulNetwork"/>: floats 1, 2, 3, ... in name order, and counter 937.</summary>
    static string StateDict(TempDirectory dir, JsonObject? metadata, Action<JsonObject>? edit = null)
    {
        (string Name, int[] Shape)[] floats = [("L.bias", [3]), ("L.weight", [3, 4]), ("N.running_mean", [2]), ("N.running_var", [2])];
        var header = new JsonObject();
        if (metadata is not null)
            header["__metadata__"] = metadata;
        var data = new List<byte>();
        // PyTorch's writer puts the 8-byte counter first (larger alignment), then the rest by name.
        header["N.num_batches_tracked"] = SafeTensorsFile.Entry("I64", [], 0, 8);
        data.AddRange(BitConverter.GetBytes(937L));
        float next = 1;
        foreach (var (name, shape) in floats)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            header[name] = SafeTensorsFile.Entry("F32", shape, data.Count, data.Count + 4 * count);
            for (int i = 0; i < count; i++)
                data.AddRange(BitConverter.GetBytes(next++));
        }
        edit?.Invoke(header);
        string path = dir.File("state_dict.safetensors");
        SafeTensorsFile.Write(path, header, [.. data]);
        return path;
    }

    public static TheoryData<string?> Metadata => new() { null, """{"format":"pt"}""", """{"architecture":"stateful"}""" };

    [Theory]
    [MemberData(nameof(Metadata))]
    public void LoadsAStateDictByNamesAndShapes(string? metadata)
    {
        using var dir = new TempDirectory();
        var net = new StatefulNetwork();
        SafeTensors.Load(net, StateDict(dir, metadata is null ? null : JsonNode.Parse(metadata)!.AsObject()));
        // Name order: L.bias 1..3, L.weight 4..15, N.running_mean 16..17, N.running_var 18..19.
        Assert.Equal([.. Enumerable.Range(4, 12).Select(v => (float)v), 1f, 2f, 3f], net.Parameters.ToArray());
        Assert.Equal([16f, 17f, 18f, 19f], net.State.ToArray());
    }

    [Fact]
    public void ChecksTheArchitectureWhenTheFileNamesOne()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(new StatefulNetwork(), StateDict(dir, new JsonObject { ["architecture"] = "lenet5" })));
        Assert.Contains("architecture mismatch", e.Message);
    }

    public static TheoryData<string, string> BadCounters => new()
    {
        { "F32", "tensor 'N.num_batches_tracked' has dtype F32 and shape [], expected a batch norm counter (I64, shape [])" },
        { "I64 [1]", "tensor 'N.num_batches_tracked' has dtype I64 and shape [1], expected a batch norm counter (I64, shape [])" },
        { "I32", "tensor 'N.num_batches_tracked' has dtype I32 and shape [], expected a batch norm counter (I64, shape [])" },
        { "other I64", "unexpected tensor 'N.steps' that this network does not have" },
    };

    [Theory]
    [MemberData(nameof(BadCounters))]
    public void AcceptsOnlyI64ScalarCounters(string change, string message)
    {
        using var dir = new TempDirectory();
        string path = StateDict(dir, null, header =>
        {
            switch (change)
            {
                case "F32": header["N.num_batches_tracked"]!["dtype"] = "F32"; break;
                case "I64 [1]": header["N.num_batches_tracked"]!["shape"] = new JsonArray(1); break;
                case "I32": header["N.num_batches_tracked"]!["dtype"] = "I32"; break;
                case "other I64": header["N.steps"] = header["N.num_batches_tracked"]!.DeepClone(); header.Remove("N.num_batches_tracked"); break;
            }
        });
        var e = Refused(path);
        Assert.Equal([message], e.Problems);
    }

    [Fact]
    public void ListsEveryMissingExtraAndMismatchedTensorInOneRefusal()
    {
        using var dir = new TempDirectory();
        string path = StateDict(dir, null, header =>
        {
            header["L.weight"]!["shape"] = new JsonArray(4, 3);
            header["F6.\u001b[31mweight"] = header["L.bias"]!.DeepClone();
            header.Remove("L.bias");
        });
        var e = Refused(path);
        Assert.Equal(
        [
            "missing tensor 'L.bias' [3]",
            "tensor 'L.weight' has shape [4,3], this network expects [3,4]",
            "unexpected tensor 'F6.\\u001B[31mweight' that this network does not have",
        ], e.Problems);
        Assert.StartsWith($"{path}: 3 tensor(s) do not match this network:\n  missing tensor 'L.bias' [3]\n  tensor 'L.weight'", e.Message);
    }

    /// <summary>Loads <paramref name="path"/> into a network, expecting a refusal that changes nothing.</summary>
    static CheckpointException Refused(string path)
    {
        var net = new StatefulNetwork();
        net.InitializeParameters(3);
        var (parameters, state) = (net.Parameters.ToArray(), net.State.ToArray());
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Load(net, path));
        Assert.Equal(parameters, net.Parameters.ToArray());
        Assert.Equal(state, net.State.ToArray());
        return e;
    }
}
