using System.Globalization;
using System.Text.RegularExpressions;
using NetGen.Export;
using NetGen.Generator.Common;
using NetGen.Generator.Onnx;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>
/// Zoo models at full size exported with ExportOnnx and mapped back by the import stage (no second compile: compiling an
/// imported full-size model with its embedded weights takes 8 to 40 s each): the imported network must have the same
/// layers with the same hyper-parameters (the architecture line, numbers as the float the file stores, dropout left
/// out: the export is the inference graph) and, where the weights are embedded, the same parameters and statistics bit
/// for bit. Equal architecture and weights give the same generated kernels; the numbers are checked bit for bit by the
/// round trips of the test networks that hold each construct (OnnxRoundTripTests, OnnxRunTests) and by
/// MobileNetV3-Small's full round trip (OnnxZooRoundTripTests).
/// </summary>
public class OnnxZooArchitectureTests
{
    /// <summary>
    /// Chosen for a cheap compile of the original (1 to 2 s each): NIN's 1x1 stacks, SqueezeNet's fire modules and ceil
    /// pools, ResNet-50's bottleneck stages (weights over 64 MB: Load's recipe). Every other zoo model imports too (checked
    /// once with the same comparison, 2026-12-01, see src/Generator/Onnx/README.md); each test here costs 1 to 10 s.
    /// </summary>
    [Theory]
    [InlineData("NinMnist")]
    [InlineData("SqueezeNet10")]
    [InlineData("ResNet50")]
    public void A_zoo_model_imports_as_the_same_layers_and_weights(string name)
    {
        var assembly = OnnxCompiled.Load(GeneratorHarness.RepositoryFile($"../samples/ModelZoo/Models/{name}.cs"), [], out _);   // relative to tests/
        var original = (INetwork)Activator.CreateInstance(assembly.GetType("NetGen.Samples.ModelZoo." + name)!, 3)!;
        var random = new Random(4);
        var state = original.State;
        for (int i = 0; i < state.Length; i++) state[i] = (float)(0.5 + random.NextDouble());
        byte[] file = OnnxExporter.ToBytes(original);

        var request = new OnnxRequest("Demo", name + "Imported", "public", "model.onnx", null, EquatableArray<string>.Empty);
        var result = OnnxImport.Resolve(request, [new OnnxFile("/tmp/model.onnx", new FileBytes(file), null)]);
        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics.Select(d => d.ToDiagnostic().GetMessage())));
        Assert.All(result.Diagnostics, d => Assert.Equal("NG0043", d.Descriptor.Id));   // only "weights over 64 MB: Load(path)"
        Assert.Equal(Layers(original.Architecture, dropDropout: true), Layers(result.Model.Architecture, dropDropout: false));

        if (result.Weights?.Base64 is { } packed)
        {
            var bytes = Convert.FromBase64String(packed);
            var weights = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, weights, 0, bytes.Length);
            Assert.Equal([.. original.Parameters.ToArray(), .. original.State.ToArray()], weights);
        }
        else Assert.NotNull(result.Loader);
    }

    /// <summary>
    /// Each layer of an architecture line without its name and the names it reads (the export renames the output
    /// "Output" and a fused sum NAME.u), real numbers as the float ONNX stores, and without "ceil": the export writes a
    /// ceil-mode pool as floor over extra pads, and the importer keeps floor mode where it gives the same windows
    /// (SqueezeNet's 109x109 and 13x13 maps; OnnxGeometryTests and PoolCeilNet's round trip check those windows).
    /// </summary>
    static List<string> Layers(string architecture, bool dropDropout) =>
        [.. architecture.Split(" | ").Skip(1)
            .Where(l => !(dropDropout && l.Contains(" dropout ", StringComparison.Ordinal)))
            .Select(l => string.Join(' ', Regex.Replace(l, @" (<-|\+|\+\+) \S+| ceil\b", "").Split(' ').Skip(1).Select(AsFloat)))];

    static string AsFloat(string token) =>
        token.Contains('.') || token.Contains('E') ? (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : token) : token;
}
