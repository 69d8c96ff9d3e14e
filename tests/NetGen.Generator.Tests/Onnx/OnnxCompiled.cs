using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>Runs the generator on source (and AdditionalFiles), compiles the result in memory and loads it.</summary>
static class OnnxCompiled
{
    /// <summary>The generated assembly, loaded into a collectible context that shares NetGen.Runtime with the tests.</summary>
    public static Assembly Load(string source, IReadOnlyList<(string Name, byte[] Bytes)> files, out GeneratorRunResult result)
    {
        var (run, output) = files.Count == 0 ? GeneratorHarness.Run(source) : GeneratorHarness.Run(source, files);
        result = run;
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        stream.Position = 0;
        return new AssemblyLoadContext("onnx-import-" + Guid.NewGuid(), isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>An [OnnxModel] class over one model file: its Pretrained() network.</summary>
    public static INetwork Import(byte[] model, string className = "Imported")
    {
        var assembly = Load($"using NetGen;\nnamespace Demo;\n[OnnxModel(\"model.onnx\")] public partial class {className} {{ }}", [("model.onnx", model)], out _);
        var type = assembly.GetType("Demo." + className)!;
        return (INetwork)type.GetMethod("Pretrained")!.Invoke(null, null)!;
    }

    /// <summary>What the generator reports for an [OnnxModel] class over <paramref name="model"/>.</summary>
    public static List<Diagnostic> Diagnose(byte[] model)
    {
        var (result, output) = GeneratorHarness.Run("using NetGen;\n[OnnxModel(\"model.onnx\")] public partial class Imported { }", [("model.onnx", model)]);
        Assert.Null(result.Exception);
        if (!result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            Assert.Empty(GeneratorHarness.Errors(output));   // what the generator accepts compiles
        return [.. result.Diagnostics];
    }

    /// <summary>Forward on one input.</summary>
    public static float[] Forward(INetwork network, float[] input)
    {
        var output = new float[network.OutputLength];
        network.Forward(input, output);
        return output;
    }

    public static float[] RandomInput(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
