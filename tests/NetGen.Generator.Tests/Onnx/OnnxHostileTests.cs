using NetGen.Generator.Onnx;
using static NetGen.Generator.Tests.Onnx.Proto;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>Malformed files give one clear error, allocate no more than the file holds, and never throw.</summary>
public class OnnxHostileTests
{
    static string Refused(byte[] file)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = OnnxReader.TryRead(file, out var model, out string? error);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(ok, "the file was accepted");
        Assert.Null(model);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.True(allocated < 64 * 1024 + 128L * file.Length, $"{allocated} bytes allocated for a {file.Length}-byte file");
        return error!;
    }

    public static TheoryData<string, byte[], string> Cases() => new()
    {
        { "empty file", [], "holds no graph" },
        { "graph length past the end", [.. Tag(7, 2), .. Varint(1UL << 31)], "claims 2147483648 bytes" },
        // A node of 2 bytes whose op_type claims 10: the bytes after it exist in the graph, but are not the node's.
        { "a field runs past its own message", ModelFile([.. Tag(1, 2), 2, .. Tag(4, 2), 10, .. new byte[12]]), "claims 10 bytes, but its message has 0 left" },
        { "eleven-byte varint", [.. Tag(1, 0), .. Enumerable.Repeat((byte)0xFF, 10), 1], "longer than ten bytes" },
        { "varint cut short", [.. Tag(1, 0), 0x80], "runs past the end" },
        { "field number zero", [0x00, 0x01], "field number of 0" },
        { "group wire type", [.. Tag(9, 3)], "wire type 3" },
        { "ir_version as a string", [.. Text(1, "8")], "wire type 2, not 0" },
        { "name not UTF-8", ModelFile(Bytes(2, [0xC3, 0x28])), "not valid UTF-8" },
        { "dims far beyond the data", ModelFile(Initializer(Bytes(1, Varint(1 << 20), Varint(1 << 20), Varint(1 << 20)), Int(2, 1))), "more than 2^31 elements" },
        { "a billion floats in four bytes", ModelFile(Initializer(Int(1, 1_000_000_000), Int(2, 1), Bytes(9, [0, 0, 0, 0]))), "4 bytes of raw_data" },
        { "negative dimension", ModelFile(Initializer(Int(1, -3), Int(2, 1))), "negative dimension" },
        { "floats not a multiple of four bytes", ModelFile(Initializer(Int(1, 1), Int(2, 1), Bytes(4, [1, 2, 3]))), "not a whole number of floats" },
        { "typed count differs from dims", ModelFile(Initializer(Int(1, 3), Int(2, 1), Bytes(4, new byte[8]))), "holds 2 values for 3 elements" },
        { "raw and typed data together", ModelFile(Initializer(Int(1, 1), Int(2, 1), Bytes(4, new byte[4]), Bytes(9, new byte[4]))), "both raw_data and typed data" },
        { "segmented tensor", ModelFile(Initializer(Bytes(3, Int(1, 0)))), "segmented" },
        { "attribute type not in ONNX", ModelFile(Bytes(1, Text(4, "Relu"), Bytes(5, Text(1, "a"), Int(20, 99)))), "type 99" },
        { "enum beyond 32 bits", ModelFile(Initializer(Int(2, 1L << 40))), "not a 32-bit value" },
        { "too many dimensions", ModelFile(Initializer(Enumerable.Repeat(Int(1, 1), 33).ToArray())), "more than 32 dimensions" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_malformed_file_is_refused_with_what_and_where(string name, byte[] file, string expected)
    {
        string error = Refused(file);
        Assert.Contains(expected, error);
        _ = name;
    }

    [Fact]
    public void Too_many_nodes_are_refused_before_they_cost_more()
    {
        byte[] node = Bytes(1, Text(4, "Relu"));
        var graph = Enumerable.Repeat(node, OnnxReader.MaxItems + 1).ToArray();
        Assert.Contains($"more than {OnnxReader.MaxItems} nodes", Refused(ModelFile(graph)));
        Assert.True(OnnxReader.TryRead(ModelFile(graph[..OnnxReader.MaxItems]), out var model, out _));
        Assert.Equal(OnnxReader.MaxItems, model!.Graph.Nodes.Count);
    }

    [Fact]
    public void Every_prefix_of_a_real_file_reads_or_is_refused_without_throwing()
    {
        byte[] file = File.ReadAllBytes(OnnxTestData.Model("pytorch-converted/test_Conv2d"));
        int accepted = 0;
        for (int length = 0; length < file.Length; length++)
        {
            bool ok = OnnxReader.TryRead(file[..length], out var model, out string? error);
            Assert.True(ok ? model is not null && error is null : model is null && error is not null, $"prefix {length}");
            if (ok) accepted++;
        }
        // Only cuts between the model's own fields after the graph leave a whole model.
        Assert.True(accepted < file.Length / 4, $"{accepted} of {file.Length} prefixes accepted");
    }
}
