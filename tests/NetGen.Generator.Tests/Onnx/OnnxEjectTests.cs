using NetGen.Export;
using NetGen.Generator.Onnx;

namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// Eject: the declaration printed for an ONNX file compiles through the generator, its checkpoint tensors fill every
/// declared parameter and state tensor by name, and the declared network then computes what [OnnxModel] imports, bit
/// for bit (outputs and input gradients).
/// </summary>
public class OnnxEjectTests
{
    public static TheoryData<string, string> Exported() => new()
    {
        { "ResTiny", "ResTiny" },
        { "FireNet", "FireNet" },
        { "InceptionTiny", "InceptionTiny" },
        { "ActNet", "ActNet" },
        { "FusedActNet", "FusedActNet" },
        { "BnNet", "BnNet" },
        { "AutoencoderTiny", "AutoencoderTiny" },
        { "LogNet", "LogNet" },
        { "GeometryNet", "GeometryNet" },
        { "PoolCeilNet", "PoolCeilNet" },
        { "ConvTNet", "ConvTNet" },
        { "ShuffleNet", "ShuffleNet" },
        { "ShuffleSnap", "ShuffleSnap" },
        { "DenseNet", "DenseNet" },
        { "DenseSnap", "DenseSnap" },
    };

    [Theory]
    [MemberData(nameof(Exported))]
    public void The_ejected_declaration_of_an_exported_network_computes_what_its_import_does(string file, string className) =>
        AssertEjects(OnnxExporter.ToBytes(OnnxRoundTripTests.Original(file, className)), className);

    [Fact]
    public void ResNet18s_topology_ejects_to_its_Residual_stages_with_torchvision_names()
    {
        var original = OnnxRoundTripTests.Compile(OnnxRoundTripTests.ResNet18Narrow, "ResNet18Narrow");
        var result = AssertEjects(OnnxExporter.ToBytes(original), "ResNet18");
        Assert.Contains("[Residual(8, Repeat = 2, Name = \"layer1\")]", result.Declaration);
        Assert.Contains("[Residual(24, Stride = 2, Repeat = 2, Name = \"layer4\")]", result.Declaration);
        Assert.Equal(original.ParameterTensors.Select(t => t.Name).Order(), result.Tensors.Where(t => !t.Name.Contains("running")).Select(t => t.Name).Order());
    }

    [Fact]
    public void A_torch_style_ResNet_ejects_to_the_stages_it_was_written_from()
    {
        var result = AssertEjects(OnnxTwinTests.TorchResNet(), "TorchResNet");
        string[] expected =
        [
            "[Network(3, 8, 8)]",
            "[Conv(4, 3, Pad = 1, Bias = false, Name = \"conv1\")]",
            "[BatchNorm(Activation.ReLU, Name = \"bn1\")]",
            "[Residual(4, Repeat = 2, Name = \"layer1\")]",
            "[Residual(6, Stride = 2, Name = \"layer2\")]",
            "[Residual(2, Bottleneck = true, Name = \"layer3\")]",
        ];
        Assert.Equal(expected, result.Declaration!.Split('\n').Where(l => l.StartsWith('[')).Take(6).Select(l => l.Trim()));
    }

    [Fact]
    public void A_join_that_no_block_declares_is_a_problem_naming_its_node()
    {
        // x + conv(x) on the network input: an Add no [Residual] expands into.
        var model = new OnnxGraphWriter().Input("x", null, 2, 4, 4).Floats("c.weight", [2, 2, 1, 1])
            .Node("Conv", ["x", "c.weight"], ["a"]).Node("Add", ["a", "x"], ["y"]).Output("y").Build();
        var result = OnnxEject.Eject(model, "Skip");
        Assert.Null(result.Declaration);
        Assert.Equal(["node '/Add_1' (Add Add_1) is part of a join that NetGen's attributes express only as [Residual], [ShuffleUnit], [DenseBlock], [Fire] or [Inception] blocks, and it is not one of them"],
            result.Problems);
        // The importer itself maps it.
        Assert.Equal(2 * 16, OnnxCompiled.Import(model, "SkipImported").OutputLength);
    }

    [Fact]
    public void A_file_the_importer_refuses_ejects_nothing_and_says_why()
    {
        var result = OnnxEject.Eject(new OnnxGraphWriter().Input("x", null, 3).Node("Sin", "x", "y").Output("y").Build(), "Net");
        Assert.Null(result.Declaration);
        Assert.StartsWith("NG0037: Net: node '/Sin_0' (Sin) is not an operator NetGen imports", Assert.Single(result.Problems));
    }

    internal static EjectResult AssertEjects(byte[] model, string className)
    {
        var result = OnnxEject.Eject(model, className + "Ejected", "Ejected");
        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
        var assembly = OnnxCompiled.Load(result.Declaration!, [], out _);
        var declared = (INetwork)Activator.CreateInstance(assembly.GetType($"Ejected.{className}Ejected")!, 3)!;
        var imported = OnnxCompiled.Import(model, className + "Imported");
        var byName = result.Tensors.ToDictionary(t => t.Name);
        Assert.Equal(declared.ParameterTensors.Count + declared.StateTensors.Count, result.Tensors.Count);
        foreach (var t in declared.ParameterTensors)
            Assert.Equal(t.Shape, byName[t.Name].Shape);
        // Through the file the eject command writes, read back by the runtime's checkpoint loader.
        string path = Path.Combine(Path.GetTempPath(), $"eject-{className}-{Environment.ProcessId}.safetensors");
        try
        {
            NetGen.Samples.Eject.SafeTensorsFile.Write(path, result.Tensors);
            NetGen.Checkpoints.SafeTensors.Load(declared, path);
        }
        finally
        {
            File.Delete(path);
        }
        foreach (var t in declared.ParameterTensors)
            Assert.Equal(byName[t.Name].Data, declared.Parameters.Slice(t.Offset, t.Length).ToArray());
        foreach (var t in declared.StateTensors)
            Assert.Equal(byName[t.Name].Data, declared.State.Slice(t.Offset, t.Length).ToArray());

        var input = OnnxCompiled.RandomInput(declared.InputLength, 31);
        var expected = OnnxCompiled.Forward(imported, input);
        Assert.Equal(expected, OnnxCompiled.Forward(declared, input));
        var gradient = OnnxCompiled.RandomInput(declared.OutputLength, 32);
        float[] expectedInput = new float[imported.InputLength], actualInput = new float[declared.InputLength];
        imported.Backward(gradient, expectedInput);
        declared.Backward(gradient, actualInput);
        Assert.Equal(expectedInput, actualInput);
        return result;
    }
}
