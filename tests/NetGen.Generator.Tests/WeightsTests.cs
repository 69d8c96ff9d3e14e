using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Tests;

/// <summary>[Weights("...safetensors")]: checked against the architecture at build time, embedded, loaded by Pretrained().</summary>
public sealed class WeightsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netgen-weights-").FullName;

    // A small network: conv [2,1,3,3] + bias [2], dense [3, 2*4*4] + bias [3].
    private const string Source = """
        using NetGen;
        namespace Demo;
        [Network(1, 6, 6)]
        [Conv(2, 3, Activation.Tanh)]
        [Dense(3)]
        [Weights("net.safetensors")]
        public partial class Net { }
        """;

    internal static readonly (string Name, int[] Shape)[] Tensors =
        [("C1.weight", [2, 1, 3, 3]), ("C1.bias", [2]), ("F2.weight", [3, 32]), ("F2.bias", [3])];

    private const string Architecture = "input 1x6x6 | C1 conv 2 k3 s1 p0 Tanh | F2 dense 3";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A safetensors file: 8-byte length, JSON header, the tensors' floats (value = 0.001 * running index).</summary>
    internal static byte[] SafeTensors(IEnumerable<(string Name, int[] Shape)> tensors, string dtype = "F32", string? architecture = Architecture,
        long? headerLength = null, IEnumerable<(string Name, string DType, int[] Shape, int Bytes)>? others = null)
    {
        var json = new StringBuilder("{");
        var data = new MemoryStream();
        int index = 0;
        foreach (var (name, shape) in tensors)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            long begin = data.Length;
            for (int i = 0; i < count; i++) data.Write(BitConverter.GetBytes(0.001f * index++));
            json.Append($"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{data.Length}]}},");
        }
        // Tensors of other types or sizes (an optimizer's state, PyTorch's I64 counters), zero-filled.
        foreach (var (name, type, shape, bytes) in others ?? [])
        {
            long begin = data.Length;
            data.Write(new byte[bytes]);
            json.Append($"\"{name}\":{{\"dtype\":\"{type}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{data.Length}]}},");
        }
        json.Append(architecture is null ? "\"__metadata__\":{}" : $"\"__metadata__\":{{\"architecture\":\"{architecture}\"}}").Append('}');
        var header = Encoding.UTF8.GetBytes(json.ToString());
        var file = new MemoryStream();
        file.Write(BitConverter.GetBytes(headerLength ?? header.Length));
        file.Write(header);
        file.Write(data.ToArray());
        return file.ToArray();
    }

    private (GeneratorRunResult Result, Compilation Output) Run(byte[]? file, string source = Source, string fileName = "net.safetensors")
    {
        var texts = ImmutableArray<AdditionalText>.Empty;
        if (file is not null)
        {
            string path = Path.Combine(_folder, fileName);
            File.WriteAllBytes(path, file);
            texts = [new GeneratorHarness.FileText(path)];
        }
        var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], texts, GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    private static Diagnostic[] Errors(GeneratorRunResult result) => result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    private static void ExpectOnWeights(GeneratorRunResult result, Compilation output, string id, params string[] messageParts)
    {
        Assert.Null(result.Exception);
        var d = Assert.Single(Errors(result), e => e.Id == id);
        var tree = output.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path);
        Assert.Equal("Weights(\"net.safetensors\")", tree.GetText().ToString(d.Location.SourceSpan));
        foreach (var part in messageParts) Assert.Contains(part, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.EndsWith("-Weights.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Matching_weights_are_embedded_and_Pretrained_returns_them()
    {
        var (result, output) = Run(SafeTensors(Tensors));
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Demo.Net-Weights.g.cs");

        using var image = new MemoryStream();
        var emit = output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var assembly = Assembly.Load(image.ToArray());
        var net = (INetwork)assembly.GetType("Demo.Net")!.GetMethod("Pretrained")!.Invoke(null, null)!;
        var parameters = net.Parameters.ToArray();
        Assert.Equal(2 * 9 + 2 + 3 * 32 + 3, parameters.Length);
        for (int i = 0; i < parameters.Length; i++) Assert.Equal(0.001f * i, parameters[i]);
    }

    [Fact]
    public void Batch_norm_running_statistics_are_embedded_too()
    {
        const string withBatchNorm = """
            using NetGen;
            namespace Demo;
            [Network(1, 6, 6)]
            [Conv(2, 3)]
            [BatchNorm(Activation.ReLU)]
            [Dense(3)]
            [Weights("net.safetensors")]
            public partial class Net { }
            """;
        (string, int[])[] tensors =
        [
            ("C1.weight", [2, 1, 3, 3]), ("C1.bias", [2]), ("B2.weight", [2]), ("B2.bias", [2]), ("F3.weight", [3, 32]), ("F3.bias", [3]),
            ("B2.running_mean", [2]), ("B2.running_var", [2]),
        ];
        var (result, output) = Run(SafeTensors(tensors, architecture: null), withBatchNorm);
        Assert.Empty(result.Diagnostics);
        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);
        var net = (INetwork)Assembly.Load(image.ToArray()).GetType("Demo.Net")!.GetMethod("Pretrained")!.Invoke(null, null)!;
        int parameters = 18 + 2 + 2 + 2 + 96 + 3;
        Assert.Equal(parameters, net.Parameters.Length);
        for (int i = 0; i < parameters; i++) Assert.Equal(0.001f * i, net.Parameters[i]);
        Assert.Equal([0.001f * parameters, 0.001f * (parameters + 1), 0.001f * (parameters + 2), 0.001f * (parameters + 3)], net.State.ToArray());
    }

    [Fact]
    public void NG0024_a_file_that_is_not_an_AdditionalFiles_item()
    {
        var (result, output) = Run(file: null);
        ExpectOnWeights(result, output, "NG0024", "no AdditionalFiles item is named 'net.safetensors'");
    }

    [Fact]
    public void NG0025_a_truncated_file()
    {
        var file = SafeTensors(Tensors);
        var (result, output) = Run(file[..(file.Length - 10)]);
        ExpectOnWeights(result, output, "NG0025", "'net.safetensors' is not a readable safetensors file", "outside the");
    }

    [Fact]
    public void NG0025_a_hostile_header_length()
    {
        var (result, output) = Run(SafeTensors(Tensors, headerLength: long.MaxValue));
        ExpectOnWeights(result, output, "NG0025", "header length");
    }

    [Fact]
    public void NG0025_a_header_that_is_not_json()
    {
        var file = SafeTensors(Tensors);
        file[9] = (byte)'#';
        var (result, output) = Run(file);
        ExpectOnWeights(result, output, "NG0025", "header JSON at character");
    }

    [Fact]
    public void NG0026_one_diagnostic_per_mismatch()
    {
        var wrong = new (string, int[])[] { ("C1.weight", [2, 1, 2, 2]), ("C1.bias", [2]), ("F2.weight", [3, 32]), ("X.weight", [4]) };
        var (result, _) = Run(SafeTensors(wrong));
        var messages = Errors(result).Select(d => (d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.All(messages, m => Assert.Equal("NG0026", m.Id));
        Assert.Contains(messages, m => m.Item2.Contains("has 'C1.weight' of shape [2,1,2,2], but the network's is [2,1,3,3]"));
        Assert.Contains(messages, m => m.Item2.Contains("holds tensor 'X.weight', which the network does not have"));
        Assert.Contains(messages, m => m.Item2.Contains("lacks tensor 'F2.bias' [3]"));
        Assert.Equal(3, messages.Length);
    }

    [Fact]
    public void A_resume_checkpoint_or_a_PyTorch_state_dict_embeds_its_network_tensors()
    {
        // The runtime's loader takes both; so does [Weights]: optimizer state and step counters are left out.
        var (result, _) = Run(SafeTensors(Tensors, architecture: null, others:
        [
            ("optimizer.momentum_buffer.C1.weight", "F32", [2, 1, 3, 3], 72),
            ("bn1.num_batches_tracked", "I64", [], 8),
        ]));
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Demo.Net-Weights.g.cs");
    }

    [Fact]
    public void NG0026_a_step_counter_that_is_not_an_I64_scalar()
    {
        var (result, output) = Run(SafeTensors(Tensors, others:
        [
            ("bn1.num_batches_tracked", "F32", [], 4),
            ("bn2.num_batches_tracked", "I64", [1], 8),
            ("bn3.num_batches_tracked", "F64", [], 8),
        ]));
        var messages = Errors(result).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, messages.Length);
        Assert.Contains(messages, m => m.Contains("holds tensor 'bn3.num_batches_tracked', which the network does not have"));
        Assert.Contains(messages, m => m.Contains("holds tensor 'bn1.num_batches_tracked', which the network does not have"));
        Assert.Contains(messages, m => m.Contains("holds tensor 'bn2.num_batches_tracked', which the network does not have"));
        ExpectOnWeightsAll(result, output);
    }

    [Fact]
    public void NG0026_a_wrong_dtype_and_a_wrong_architecture()
    {
        var (result, output) = Run(SafeTensors(Tensors, dtype: "F16", architecture: "input 1x6x6 | C1 conv 2 k3 s1 p0 ReLU | F2 dense 3"));
        var messages = Errors(result).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Contains(messages, m => m.Contains("was saved from architecture 'input 1x6x6 | C1 conv 2 k3 s1 p0 ReLU | F2 dense 3'"));
        Assert.Contains(messages, m => m.Contains("stores 'C1.weight' as F16, not F32"));
        ExpectOnWeightsAll(result, output);
    }

    private static void ExpectOnWeightsAll(GeneratorRunResult result, Compilation output)
    {
        foreach (var d in Errors(result))
        {
            var tree = output.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path);
            Assert.Equal("Weights(\"net.safetensors\")", tree.GetText().ToString(d.Location.SourceSpan));
        }
    }

    [Fact]
    public void NG0027_weights_too_large_to_embed()
    {
        const string huge = """
            using NetGen;
            [Network(1, 1000, 1000)]
            [Dense(20)]
            [Weights("net.safetensors")]
            public partial class Huge { }
            """;
        var (result, output) = Run(SafeTensors(Tensors), huge);
        ExpectOnWeights(result, output, "NG0027", "the weights need 80000080 bytes");
    }
}
