using NetGen.Export;

namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// The ConvTranspose import under two seeded fuzz loops (OnnxImportFuzzTests' rules: diagnostics or a model, never an
/// exception or NG0019, and a sample of what is accepted compiles): byte mutants of ConvTNet's export, and random
/// ConvTranspose nodes with random, often invalid, attributes and weights.
/// </summary>
public class OnnxConvTransposeFuzzTests
{
    [Fact]
    public void Mutants_of_ConvTNets_export_are_imported_or_refused()
    {
        byte[] seed = OnnxExporter.ToBytes(OnnxRoundTripTests.Original("ConvTNet", "ConvTNet"));
        Assert.NotNull(OnnxImportFuzzTests.Import(seed));
        var random = new Random(20261201);
        // Most mutants that import change a weight only (same architecture): the sample compiled is of those imported.
        var accepted = new List<byte[]>();
        int refused = 0;
        for (int i = 0; i < 3_000; i++)
        {
            byte[] mutant = OnnxReaderFuzzTests.Mutate(seed, random);
            if (OnnxImportFuzzTests.Import(mutant) is not null) accepted.Add(mutant);
            else refused++;
        }
        Assert.True(accepted.Count > 100 && refused > 100, $"{accepted.Count} imported, {refused} refused");
        Compile(accepted, 5);
    }

    [Fact]
    public void Random_ConvTranspose_nodes_are_imported_or_refused()
    {
        var random = new Random(13);
        var accepted = new Dictionary<string, byte[]>();
        int refused = 0;
        for (int i = 0; i < 2_000; i++)
        {
            byte[] model = RandomNode(random);
            if (OnnxImportFuzzTests.Import(model) is { } architecture) accepted.TryAdd(architecture, model);
            else refused++;
        }
        Assert.True(accepted.Count > 200 && refused > 200, $"{accepted.Count} distinct accepted, {refused} refused");
        Compile(accepted.Values, 10);
    }

    /// <summary>One ConvTranspose on a random input, its attributes mostly valid, sometimes out of range or of the wrong length.</summary>
    static byte[] RandomNode(Random r)
    {
        int c = 1 + r.Next(4), h = 1 + r.Next(7), w = 1 + r.Next(7), groups = r.Next(4) == 0 ? c : 1, per = 1 + r.Next(3);
        int kh = 1 + r.Next(4), kw = r.Next(3) == 0 ? 1 + r.Next(4) : kh;
        long Small(int most) => r.Next(12) == 0 ? -1 : r.Next(most);
        var g = new OnnxGraphWriter(r.Next(2) == 0 ? 13 : 11).Input("x", null, c, h, w)
            .Floats("w", [r.Next(10) == 0 ? c + 1 : c, per, kh, kw]).Floats("b", [r.Next(10) == 0 ? per + 1 : per * groups]);
        var attributes = new List<byte[]> { Int("group", groups) };
        if (r.Next(2) == 0) attributes.Add(Ints("strides", 1 + Small(3), 1 + Small(3)));
        if (r.Next(3) == 0) attributes.Add(Ints("dilations", 1 + Small(3), 1 + Small(2)));
        if (r.Next(2) == 0) attributes.Add(r.Next(10) == 0 ? Ints("pads", 1, 1) : Ints("pads", Small(3), Small(3), Small(3), Small(3)));
        if (r.Next(2) == 0) attributes.Add(Ints("output_padding", Small(3), Small(3)));
        if (r.Next(4) == 0) attributes.Add(Ints("kernel_shape", kh, r.Next(5) == 0 ? kw + 1 : kw));
        if (r.Next(8) == 0) attributes.Add(Text("auto_pad", r.Next(3) switch { 0 => "VALID", 1 => "SAME_UPPER", _ => "SAME_LOWER" }));
        if (r.Next(12) == 0) attributes.Add(Ints("output_shape", 2 * h, 2 * w));
        g.Node("ConvTranspose", r.Next(2) == 0 ? ["x", "w"] : ["x", "w", "b"], ["t"], [.. attributes]);
        // A sigmoid after it (a standalone layer today) and a flatten: shapes every layer after a transposed one sees.
        return g.Node("Sigmoid", "t", "s").Node("Flatten", "s", "y").Output("y").Build();
    }

    static void Compile(IEnumerable<byte[]> files, int count)
    {
        foreach (byte[] file in files.Take(count))
        {
            var (result, output) = GeneratorHarness.Run("using NetGen;\nnamespace Demo;\n[OnnxModel(\"model.onnx\")] public partial class Net { }", [("model.onnx", file)]);
            Assert.Null(result.Exception);
            var errors = GeneratorHarness.Errors(output);
            Assert.True(errors.Count == 0, $"{string.Join("\n", errors.Take(3))}\non input (base64):\n{Convert.ToBase64String(file)}");
        }
    }
}
