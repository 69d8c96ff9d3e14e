using System.Reflection;
using NetGen.Checkpoints;
using NetGen.Export;
using NetGen.Generator.Onnx;
using NetGen.Onnx;

namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// Weights over the embedding limit (lowered for these tests): the import generates Load(path) instead of Pretrained(),
/// and Load reads the file's initializers at run time into exactly what Pretrained() embeds (Gemm's transposed and
/// scaled weight, MatMul's bias folded from an Add, batch norm statistics, a broadcast PRelu slope), checked as the
/// generator checks them; a file that does not hold the weights throws CheckpointException only.
/// </summary>
public class OnnxLoadTests
{
    /// <summary>The [OnnxModel] class compiled with an embedding limit of <paramref name="limit"/> bytes; its type.</summary>
    static Type Compile(byte[] model, string className, long? limit, out List<Microsoft.CodeAnalysis.Diagnostic> diagnostics)
    {
        OnnxImport.EmbedLimitForTests.Value = limit;
        try
        {
            var assembly = OnnxCompiled.Load($"using NetGen;\nnamespace Demo;\n[OnnxModel(\"model.onnx\")] public partial class {className} {{ }}", [("model.onnx", model)], out var result);
            diagnostics = [.. result.Diagnostics];
            return assembly.GetType("Demo." + className)!;
        }
        finally
        {
            OnnxImport.EmbedLimitForTests.Value = null;
        }
    }

    static INetwork Load(Type type, string path)
    {
        try
        {
            return (INetwork)type.GetMethod("Load")!.Invoke(null, [path])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    static string Write(byte[] model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-load-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        return path;
    }

    public static TheoryData<string> Models() => ["LeNetTorch", "MobileNetBlock", "MobileTiny", "Prelu"];

    static byte[] Model(string name) => name switch
    {
        "LeNetTorch" => OnnxIdiomModels.LeNet(torch: true, 13),
        "MobileNetBlock" => OnnxIdiomModels.MobileNetBlock(),
        "MobileTiny" => OnnxExporter.ToBytes(OnnxRoundTripTests.Original("MobileTiny", "MobileTiny")),
        _ => new OnnxGraphWriter(13).Input("x", null, 3, 4, 4)
            .Floats("c.weight", [2, 3, 3, 3]).Floats("slope", [1], [0.25f])
            .Node("Conv", ["x", "c.weight"], ["u"], Ints("kernel_shape", 3, 3))
            .Node("PRelu", ["u", "slope"], ["y"])
            .Output("y", null, 2, 2, 2).Build(),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Load_reads_what_Pretrained_embeds(string name)
    {
        byte[] model = Model(name);
        var embedded = Compile(model, name + "Embedded", null, out _);
        var loaded = Compile(model, name + "Loaded", 16, out var diagnostics);
        Assert.Contains(diagnostics, d => d.Id == "NG0043");
        Assert.DoesNotContain(diagnostics, d => d.Id == "NG0061");
        Assert.Null(loaded.GetMethod("Pretrained"));
        var expected = (INetwork)embedded.GetMethod("Pretrained")!.Invoke(null, null)!;
        string path = Write(model);
        try
        {
            var network = Load(loaded, path);
            Assert.Equal(expected.Parameters.ToArray(), network.Parameters.ToArray());
            Assert.Equal(expected.State.ToArray(), network.State.ToArray());
            Assert.Contains(network.Parameters.ToArray(), v => v != 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_without_the_weights_is_refused_with_each_problem_and_the_network_unchanged()
    {
        var type = Compile(Model("LeNetTorch"), "LeNetRefused", 16, out _);
        var network = (INetwork)Activator.CreateInstance(type, 7)!;
        float[] before = network.Parameters.ToArray();
        var recipe = (IReadOnlyList<OnnxTensorRecipe>)type.GetProperty("OnnxInitializerRecipe", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        string other = Write(Model("MobileNetBlock"));
        string missing = Path.Combine(Path.GetTempPath(), $"netgen-missing-{Guid.NewGuid():N}.onnx");
        try
        {
            var e = Assert.Throws<CheckpointException>(() => OnnxInitializers.Load(network, other, recipe));
            Assert.Contains(e.Problems, p => p.StartsWith("conv1.weight: no such initializer", StringComparison.Ordinal));
            Assert.True(e.Problems.Count > 1);
            Assert.Equal(before, network.Parameters.ToArray());
            Assert.Throws<CheckpointException>(() => Load(type, missing));
        }
        finally
        {
            File.Delete(other);
        }
    }

    [Fact]
    public void Hostile_files_throw_only_CheckpointException()
    {
        byte[] model = Model("MobileNetBlock");
        var type = Compile(model, "BlockHostile", 16, out _);
        var random = new Random(9);
        string path = Path.Combine(Path.GetTempPath(), $"netgen-hostile-{Guid.NewGuid():N}.onnx");
        try
        {
            int loaded = 0;
            for (int i = 0; i < 300; i++)
            {
                byte[] bytes = i < 100 ? model[..random.Next(model.Length)] : (byte[])model.Clone();
                if (i >= 100)
                    for (int k = 0; k < 1 + i % 4; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                File.WriteAllBytes(path, bytes);
                try
                {
                    Load(type, path);
                    loaded++;
                }
                catch (CheckpointException)
                {
                }
            }
            Assert.InRange(loaded, 1, 299);   // some mutants leave the weights intact, most do not
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_weight_from_a_Constant_node_gets_no_Load_and_says_why()
    {
        byte[] model = new OnnxGraphWriter(13).Input("x", null, 4)
            .Node("Constant", [], ["w"], Tensor("value", FloatTensor("w", [4, 2], [1, 2, 3, 4, 5, 6, 7, 8])))
            .Node("MatMul", ["x", "w"], ["y"])
            .Output("y", null, 2).Build();
        var type = Compile(model, "ConstantWeights", 16, out var diagnostics);
        Assert.Null(type.GetMethod("Load"));
        var warning = Assert.Single(diagnostics, d => d.Id == "NG0061");
        Assert.Contains("is not computed from the file's initializers", warning.GetMessage());
    }
}
