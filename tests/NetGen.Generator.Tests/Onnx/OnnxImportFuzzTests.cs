using System.Collections.Immutable;
using NetGen.Export;
using NetGen.Generator.Common;
using NetGen.Generator.Onnx;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// The importer under two seeded fuzz loops, through the whole import stage (reader, importer, analysis, weights):
/// byte mutants of real exports and of torch-style models, and random chains of operators with random attributes.
/// Every input must give diagnostics or a model, never an exception or NG0019; a sample of the accepted models runs
/// through the generator and compiles. A failing input is printed as base64: add it to Onnx/import-corpus.txt.
/// </summary>
public class OnnxImportFuzzTests
{
    static readonly OnnxRequest Request = new("Demo", "Net", "public", "model.onnx", null, EquatableArray<string>.Empty);

    static IEnumerable<byte[]> Seeds()
    {
        yield return OnnxIdiomModels.LeNet(torch: true);
        yield return OnnxIdiomModels.LeNet(torch: true, opset: 11);
        yield return OnnxIdiomModels.LeNet(torch: false);
        yield return OnnxIdiomModels.MobileNetBlock();
        foreach (var (file, name) in new[] { ("BnNet", "BnNet"), ("PadNet", "PadNet"), ("StrideNet", "StrideNet"), ("AutoencoderTiny", "AutoencoderTiny"), ("LeakyNet", "LeakyNet"),
            ("ResTiny", "ResTiny"), ("FireNet", "FireNet"), ("InceptionTiny", "InceptionTiny"), ("ActNet", "ActNet"),
            ("ShuffleSnap", "ShuffleSnap"), ("DenseSnap", "DenseSnap"), ("LrnCrossNet", "LrnCrossNet"), ("TableNet", "TableNet") })
            yield return OnnxExporter.ToBytes(OnnxRoundTripTests.Original(file, name));
        foreach (string line in GeneratorHarness.RepositoryFile("NetGen.Generator.Tests/Onnx/import-corpus.txt").Split('\n', StringSplitOptions.TrimEntries))
            if (line.Length > 0 && !line.StartsWith('#'))
                yield return Convert.FromBase64String(line);
    }

    static int CorpusCount() =>
        GeneratorHarness.RepositoryFile("NetGen.Generator.Tests/Onnx/import-corpus.txt").Split('\n', StringSplitOptions.TrimEntries).Count(l => l.Length > 0 && !l.StartsWith('#'));

    /// <summary>The import stage on one file: never throws, never NG0019; returns the architecture when it accepts the file.</summary>
    internal static string? Import(byte[] file)
    {
        OnnxResult result;
        try
        {
            result = OnnxImport.Resolve(Request, [new OnnxFile("/tmp/model.onnx", new FileBytes(file), null)]);
            if (result.Model is { } model) Emit.NetworkEmitter.Emit(model);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}\non input (base64):\n{Convert.ToBase64String(file)}");
        }
        Assert.True(!result.Diagnostics.Any(d => d.Descriptor.Id == "NG0019"), $"{string.Join("; ", result.Diagnostics.Select(d => d.ToDiagnostic().GetMessage()))}\non input (base64):\n{Convert.ToBase64String(file)}");
        Assert.True(result.Model is not null || result.Diagnostics.Count > 0, Convert.ToBase64String(file));
        return result.Model?.Architecture;
    }

    [Fact]
    public void Mutated_models_are_imported_or_refused_and_what_is_imported_compiles()
    {
        var seeds = Seeds().ToArray();
        var random = new Random(20261130);
        var accepted = new Dictionary<string, byte[]>();
        // The built seeds import; the corpus's inputs (once failures) need only be imported or refused, never throw.
        int corpus = CorpusCount();
        for (int i = 0; i < seeds.Length; i++)
        {
            string? architecture = Import(seeds[i]);
            if (i < seeds.Length - corpus) Assert.NotNull(architecture);
        }
        for (int i = 0; i < 20_000; i++)
        {
            byte[] mutant = OnnxReaderFuzzTests.Mutate(seeds[random.Next(seeds.Length)], random);
            if (Import(mutant) is { } architecture) accepted.TryAdd(architecture, mutant);
        }
        Assert.True(accepted.Count > 20, $"only {accepted.Count} distinct mutants imported");
        CompileSample(accepted.Values, 15);
    }

    [Fact]
    public void Random_operator_chains_are_imported_or_refused_and_what_is_imported_compiles()
    {
        var random = new Random(7);
        var accepted = new Dictionary<string, byte[]>();
        int refused = 0;
        for (int i = 0; i < 3_000; i++)
        {
            byte[] model = RandomChain(random);
            if (Import(model) is { } architecture) accepted.TryAdd(architecture, model);
            else refused++;
        }
        Assert.True(accepted.Count > 300 && refused > 300, $"{accepted.Count} distinct accepted, {refused} refused");
        CompileSample(accepted.Values, 15);
    }

    /// <summary>The generator on an [OnnxModel] class for each of up to <paramref name="count"/> accepted files: the output compiles.</summary>
    static void CompileSample(IEnumerable<byte[]> files, int count)
    {
        foreach (byte[] file in files.Take(count))
        {
            var (result, output) = GeneratorHarness.Run("using NetGen;\nnamespace Demo;\n[OnnxModel(\"model.onnx\")] public partial class Net { }", [("model.onnx", file)]);
            Assert.Null(result.Exception);
            var errors = GeneratorHarness.Errors(output);
            Assert.True(errors.Count == 0, $"{string.Join("\n", errors.Take(3))}\non input (base64):\n{Convert.ToBase64String(file)}");
        }
    }

    static readonly string[] Ops = ["Conv", "ConvBias", "BatchNormalization", "Relu", "Sigmoid", "Tanh", "LeakyRelu", "MaxPool", "AveragePool",
        "GlobalAveragePool", "Flatten", "Gemm", "Dropout", "Identity", "LRN", "Resize", "Softmax", "Add",
        "Join", "Concat", "Elu", "HardSigmoid", "Clip", "PRelu", "Gelu", "Silu", "Scale", "Erf", "LogSoftmax", "Window", "Pad", "Excite", "Product",
        "Shuffle", "Slice", "Split", "CrossMapLrn", "Rbf"];

    /// <summary>A chain of 1 to 6 operators with random (often invalid) attributes on a random input, weights sized to fit when they can.</summary>
    static byte[] RandomChain(Random r)
    {
        int c = 1 + r.Next(4), h = 1 + r.Next(9), w = 1 + r.Next(9);
        bool flat = false;
        var g = new OnnxGraphWriter(r.Next(2) == 0 ? 13 : 11).Input("v0", null, c, h, w);
        int n = 1 + r.Next(6);
        var earlier = new List<(string Name, int C, int H, int W, bool Flat)>();
        for (int i = 0; i < n; i++)
        {
            string x = "v" + i, y = "v" + (i + 1), op = Ops[r.Next(Ops.Length)];
            earlier.Add((x, c, h, w, flat));
            int k = 1 + r.Next(4), s = 1 + r.Next(3), p = r.Next(3);
            switch (op)
            {
                case "Conv" or "ConvBias":
                    int groups = r.Next(4) == 0 ? c : 1, maps = groups * (1 + r.Next(3));
                    g.Floats($"w{i}", [maps, Math.Max(1, c / groups), k, r.Next(8) == 0 ? k + 1 : k]);
                    if (op == "ConvBias") g.Floats($"b{i}", [maps]);
                    g.Node("Conv", op == "ConvBias" ? [x, $"w{i}", $"b{i}"] : [x, $"w{i}"], [y], Int("group", groups), Ints("strides", s, s), Ints("pads", p, p, p, r.Next(6) == 0 ? p + 1 : p));
                    c = maps;
                    break;
                case "BatchNormalization":
                    g.Floats($"s{i}", [c]).Floats($"b{i}", [c]).Floats($"m{i}", [c]).Positive($"v{i}", c)
                        .Node(op, [x, $"s{i}", $"b{i}", $"m{i}", $"v{i}"], [y], Float("epsilon", r.Next(5) == 0 ? 0 : 1e-5f));
                    break;
                case "MaxPool" or "AveragePool":
                    g.Node(op, x, y, Ints("kernel_shape", k, k), Ints("strides", s, s), Ints("pads", p, p, p, p), Int("ceil_mode", r.Next(3) == 0 ? 1 : 0), Int("count_include_pad", r.Next(2)));
                    break;
                case "Gemm":
                    int units = 1 + r.Next(5), inputs = flat ? c : c * h * w;
                    g.Floats($"w{i}", [units, r.Next(8) == 0 ? inputs + 1 : inputs]).Floats($"b{i}", [units]).Node(op, [x, $"w{i}", $"b{i}"], [y], Int("transB", 1));
                    c = units; flat = true;
                    break;
                case "Flatten":
                    g.Node(op, x, y, Int("axis", r.Next(4) == 0 ? 2 : 1));
                    flat = true; c *= h * w;
                    break;
                case "LeakyRelu": g.Node(op, x, y, Float("alpha", 0.1f)); break;
                case "LRN": g.Node(op, x, y, Int("size", 1 + r.Next(5))); break;
                case "Resize":
                    g.Floats($"roi{i}", [0], []).Floats($"sc{i}", [4], [1, 1, 1 + r.Next(3), 1 + r.Next(3)])
                        .Node(op, [x, $"roi{i}", $"sc{i}"], [y], Text("coordinate_transformation_mode", "asymmetric"), Text("nearest_mode", "floor"));
                    break;
                case "Add":
                    g.Floats($"a{i}", [c, 1, 1]).Node(op, [x, $"a{i}"], [y]);
                    break;
                case "Join":
                    // Add the value to an earlier one (often of another shape, or the input itself).
                    g.Node("Add", [x, earlier[r.Next(earlier.Count)].Name], [y]);
                    break;
                case "Concat":
                    // The value beside a 1x1 convolution of it (or of an earlier value), along the maps or another axis.
                    var (source, sc, _, _, _) = earlier[r.Next(earlier.Count)];
                    int extra = 1 + r.Next(3);
                    g.Floats($"w{i}", [extra, sc, 1, 1]).Node("Conv", [source, $"w{i}"], [$"k{i}"]);
                    g.Node(op, r.Next(3) == 0 ? [$"k{i}", x, $"k{i}"] : [x, $"k{i}"], [y], Int("axis", r.Next(4) == 0 ? 2 : 1));
                    c += extra;
                    break;
                case "Elu": g.Node(op, x, y, Float("alpha", r.Next(3) == 0 ? -1f : 0.5f)); break;
                case "HardSigmoid": g.Node(op, x, y, Float("alpha", r.Next(2) == 0 ? 0.2f : 1f / 6), Float("beta", 0.5f)); break;
                case "Clip":
                    g.Floats($"lo{i}", [], [0]).Floats($"hi{i}", [], [r.Next(2) == 0 ? 6 : 3]).Node(op, [x, $"lo{i}", $"hi{i}"], [y]);
                    break;
                case "PRelu": g.Floats($"p{i}", r.Next(3) == 0 ? [c] : [c, 1, 1]).Node(op, [x, $"p{i}"], [y]); break;
                case "Gelu": g.Node(op, x, y, Text("approximate", r.Next(3) == 0 ? "tanh" : "none")); break;
                case "Silu": g.Node("Sigmoid", x, $"s{i}").Node("Mul", [x, $"s{i}"], [y]); break;
                case "Scale": g.Floats($"f{i}", [], [r.Next(2) == 0 ? 1f : 2f]).Node("Mul", [x, $"f{i}"], [y]); break;
                case "Window":
                    // Rectangular kernels, per-axis strides and dilations, uneven pads or auto_pad.
                    int kw = 1 + r.Next(4), d = 1 + r.Next(3);
                    g.Floats($"w{i}", [2, c, k, kw]);
                    byte[] padding = r.Next(3) switch
                    {
                        0 => Text("auto_pad", r.Next(2) == 0 ? "SAME_UPPER" : "SAME_LOWER"),
                        1 => Ints("pads", p, r.Next(3), r.Next(3), p),
                        _ => Text("auto_pad", "VALID"),
                    };
                    g.Node("Conv", [x, $"w{i}"], [y], Ints("strides", s, 1 + r.Next(3)), Ints("dilations", d, 1 + r.Next(2)), padding);
                    c = 2;
                    break;
                case "Pad":
                    // Zeros around the rows and columns (sometimes the maps), then a pool or a convolution reads them.
                    g.Int64s($"pd{i}", 0, r.Next(6) == 0 ? 1 : 0, p, r.Next(3), 0, 0, r.Next(3), p).Node("Pad", [x, $"pd{i}"], [$"q{i}"]);
                    string reader = r.Next(3) switch { 0 => "Conv", 1 => "AveragePool", _ => "MaxPool" };
                    if (reader == "Conv") g.Floats($"w{i}", [c, c, k, k]).Node("Conv", [$"q{i}", $"w{i}"], [y]);
                    else g.Node(reader, $"q{i}", y, Ints("kernel_shape", k, 1 + r.Next(3)), Ints("strides", s, s), Ints("pads", 0, 0, r.Next(2), r.Next(2)),
                        Int("ceil_mode", r.Next(2)), Int("count_include_pad", r.Next(2)));
                    break;
                case "Excite":
                    // Squeeze-and-excitation: the value times a gate per map, either operand first.
                    g.Node("GlobalAveragePool", x, $"g{i}").Node("Sigmoid", $"g{i}", $"h{i}").Node("Mul", r.Next(2) == 0 ? [x, $"h{i}"] : [$"h{i}", x], [y]);
                    break;
                case "Product":
                    // The value times an earlier one (often of another shape, or the input itself).
                    g.Node("Mul", [x, earlier[r.Next(earlier.Count)].Name], [y]);
                    break;
                case "Shuffle":
                    // channel_shuffle's view, transpose, view: groups that often do not divide the maps, sometimes another perm.
                    int gs = 1 + r.Next(Math.Max(1, c));
                    g.Int64s($"g{i}", 0, gs, Math.Max(1, c / gs), h, w).Int64s($"f{i}", 0, -1, h, w)
                        .Node("Reshape", [x, $"g{i}"], [$"q{i}"]).Node("Transpose", [$"q{i}"], [$"t{i}"], Ints("perm", r.Next(5) == 0 ? [0, 1, 2, 4, 3] : [0, 2, 1, 3, 4]))
                        .Node("Reshape", [$"t{i}", $"f{i}"], [y]);
                    break;
                case "Slice":
                    // A range of the maps (sometimes of the rows, empty or strided), then concatenated with the value.
                    int from = r.Next(c + 1) - (r.Next(4) == 0 ? c : 0), to = from + 1 + r.Next(c);
                    g.Int64s($"st{i}", from).Int64s($"en{i}", r.Next(5) == 0 ? long.MaxValue : to).Int64s($"ax{i}", r.Next(5) == 0 ? 2 : 1).Int64s($"sp{i}", r.Next(6) == 0 ? 2 : 1)
                        .Node(op, [x, $"st{i}", $"en{i}", $"ax{i}", $"sp{i}"], [$"q{i}"]).Node("Concat", [x, $"q{i}"], [y], Int("axis", 1));
                    c += Math.Max(0, Math.Min(c, to) - Math.Max(0, from < 0 ? from + c : from));
                    break;
                case "Split":
                    // Two parts of the maps (sizes as an input or an attribute, sometimes wrong), joined back in swapped order.
                    int first = 1 + r.Next(Math.Max(1, c - 1));
                    long[] sizes = r.Next(5) == 0 ? [first, c] : [first, c - first];
                    if (r.Next(2) == 0) g.Int64s($"sz{i}", sizes).Node(op, [x, $"sz{i}"], [$"a{i}", $"b{i}"], Int("axis", 1));
                    else g.Node(op, [x], [$"a{i}", $"b{i}"], Int("axis", r.Next(5) == 0 ? 2 : 1), Ints("split", sizes));
                    g.Node("Concat", [$"b{i}", $"a{i}"], [y], Int("axis", 1));
                    break;
                case "CrossMapLrn":
                    // An LRN written out (Mul, 1x1 Conv, Pow, Mul): a window of n maps, sometimes a wrong weight, bias or kernel.
                    int size = 1 + r.Next(5);
                    var window = new float[c * c];
                    for (int o = 0; o < c; o++)
                        for (int j = Math.Max(0, o - size / 2); j <= Math.Min(c - 1, o + (size - 1) / 2); j++) window[o * c + j] = 0.25f;
                    if (r.Next(5) == 0) window[r.Next(window.Length)] = 0.5f;
                    g.Floats($"lw{i}", [c, c, 1, r.Next(8) == 0 ? 2 : 1], window).Floats($"lk{i}", [c], Enumerable.Repeat(r.Next(6) == 0 ? -1f : 1f, c).ToArray())
                        .Floats($"le{i}", [], [-0.75f])
                        .Node("Mul", [x, x], [$"sq{i}"]).Node("Conv", [$"sq{i}", $"lw{i}", $"lk{i}"], [$"sc{i}"]).Node("Pow", [$"sc{i}", $"le{i}"], [$"fa{i}"])
                        .Node("Mul", r.Next(2) == 0 ? [x, $"fa{i}"] : [$"fa{i}", x], [y]);
                    break;
                case "Rbf":
                    // LeNet's RBF output (Unsqueeze, Sub of the centres, ReduceSumSquare), sometimes on maps or with wrong axes.
                    int length = flat ? c : c * h * w, classes = 1 + r.Next(4);
                    g.Int64s($"ua{i}", r.Next(6) == 0 ? 2 : 1).Floats($"rc{i}", [classes, r.Next(8) == 0 ? length + 1 : length]);
                    bool flatten = r.Next(4) != 0;
                    if (flatten) g.Node("Flatten", x, $"fl{i}", Int("axis", 1));
                    g.Node("Unsqueeze", [flatten ? $"fl{i}" : x, $"ua{i}"], [$"un{i}"]).Node("Sub", [$"un{i}", $"rc{i}"], [$"df{i}"])
                        .Node("ReduceSumSquare", [$"df{i}"], [y], Ints("axes", 2), Int("keepdims", r.Next(6) == 0 ? 1 : 0));
                    c = classes; flat = true;
                    break;
                default: g.Node(op, x, y); break;
            }
            if (op == "GlobalAveragePool") { h = 1; w = 1; }
        }
        return g.Output("v" + n).Build();
    }
}
