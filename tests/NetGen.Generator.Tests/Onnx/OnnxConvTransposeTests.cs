using NetGen.Export;
using NetGen.Generator.Onnx;

namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// ONNX ConvTranspose imported as [ConvTranspose] (the round trip of ConvTNet is a row of OnnxRoundTripTests and
/// OnnxEjectTests): the attribute eject prints for each of its windows, a hand-written node against the ONNX formula
/// out = s (in - 1) + output_padding + d (k - 1) + 1 - pads, and one refusal per unsupported attribute value.
/// </summary>
public class OnnxConvTransposeTests
{
    static string[] Messages(byte[] model) =>
        [.. OnnxCompiled.Diagnose(model).Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void ConvTNet_ejects_each_transposed_layer_with_its_window()
    {
        var result = OnnxEject.Eject(OnnxExporter.ToBytes(OnnxRoundTripTests.Original("ConvTNet", "ConvTNet")), "ConvTNetEjected", "Ejected");
        Assert.Empty(result.Problems);
        // The export's normal form (end pads net of the output padding) comes back as declared where the layer takes it;
        // the activations come back as layers of their own (the importer fuses into Conv, Dense, BatchNorm and Add only).
        Assert.Contains("[ConvTranspose(4, 3, Activation.Sigmoid, Stride = 2, Pad = 1, OutputPadding = 1, Name = \"CT2\")]", result.Declaration);
        Assert.Contains("[ConvTranspose(6, 3, Activation.Tanh, Groups = 2, Bias = false, Name = \"CT3\")]", result.Declaration);
        // Rows: pad 1 before, output padding 1 past the net end pad 0 (raising it to 1 would need output padding 2 = stride).
        Assert.Contains("[ConvTranspose(3, 2, 3, StrideH = 2, StrideW = 3, PadTop = 1, PadLeft = 0, PadBottom = 0, PadRight = 0, "
            + "OutputPadding = 1, DilationH = 1, DilationW = 2, Name = \"CT4\")]", result.Declaration);
    }

    [Fact]
    public void A_hand_written_node_computes_the_onnx_formula()
    {
        // One input map of 2x2, one output map, 2x2 kernel of ones, stride 2, pads [1,0,0,0], output_padding [1,1], bias 0.5:
        // rows (2-1)*2 + 1 + (2-1) + 1 - 1 - 0 = 4, columns (2-1)*2 + 1 + (2-1) + 1 - 0 - 0 = 5.
        var model = new OnnxGraphWriter(13).Input("x", null, 1, 2, 2).Floats("w", [1, 1, 2, 2], [1, 1, 1, 1]).Floats("b", [1], [0.5f])
            .Node("ConvTranspose", ["x", "w", "b"], ["y"], Ints("strides", 2, 2), Ints("pads", 1, 0, 0, 0), Ints("output_padding", 1, 1))
            .Output("y").Build();
        var network = OnnxCompiled.Import(model, "HandConvT");
        Assert.Equal(4 * 5, network.OutputLength);
        var y = OnnxCompiled.Forward(network, [1, 2, 3, 4]);
        // Full output 4x4 of 2x2 blocks [1 2; 3 4]; the top row cut by the pad, a row and a column of bias only added at the end.
        Assert.Equal(new float[]
        {
            1.5f, 1.5f, 2.5f, 2.5f, 0.5f,
            3.5f, 3.5f, 4.5f, 4.5f, 0.5f,
            3.5f, 3.5f, 4.5f, 4.5f, 0.5f,
            0.5f, 0.5f, 0.5f, 0.5f, 0.5f,
        }, y);
    }

    [Fact]
    public void Each_unsupported_attribute_value_gets_its_own_diagnostic_naming_the_node()
    {
        var model = new OnnxGraphWriter(13).Input("x", null, 2, 6, 6).Floats("w", [2, 3, 3, 3])
            .Node("ConvTranspose", ["x", "w"], ["a"], Text("auto_pad", "SAME_UPPER"), Ints("output_shape", 12, 12), Ints("dilations", 2))
            .Node("ConvTranspose", ["a", "w"], ["b"], Ints("pads", 1, 1, 1, -1), Ints("output_padding", 0, 0, 0))
            .Output("b").Build();
        Assert.Equal(
        [
            "NG0037 Imported: node '/ConvTranspose_0' (ConvTranspose) has dilations [2]; NetGen takes 2 values from 1 to 32768 (rows, columns)",
            "NG0037 Imported: node '/ConvTranspose_0' (ConvTranspose) has auto_pad 'SAME_UPPER'; NetGen's transposed convolution takes explicit pads (NOTSET) or none (VALID), as the side of an odd padding is ambiguous",
            "NG0037 Imported: node '/ConvTranspose_0' (ConvTranspose) has output_shape [12,12]; NetGen's transposed convolution takes explicit pads and output_padding instead",
            "NG0037 Imported: node '/ConvTranspose_1' (ConvTranspose) has pads [1,1,1,-1]; NetGen takes 4 values from 0 to 32768 [top, left, bottom, right]",
            "NG0037 Imported: node '/ConvTranspose_1' (ConvTranspose) has output_padding [0,0,0]; NetGen takes 2 values from 0 to 32768 (rows, columns)",
        ], Messages(model));
    }

    [Fact]
    public void Shape_dependent_refusals_name_the_values()
    {
        // Output padding 2 with stride 2 and dilation 1; a weight whose first axis is not the input's maps; 3 biases for 2 maps.
        var padding = new OnnxGraphWriter(13).Input("x", null, 2, 4, 4).Floats("w", [2, 1, 3, 3])
            .Node("ConvTranspose", ["x", "w"], ["y"], Ints("strides", 2, 2), Ints("output_padding", 2, 0)).Output("y").Build();
        Assert.Equal(["NG0037 Imported: node '/ConvTranspose_0' (ConvTranspose) has output_padding [2,0]: on the rows, 2 is not below stride 2 or dilation 1, which NetGen (and PyTorch) require"],
            Messages(padding));

        var weight = new OnnxGraphWriter(13).Input("x", null, 2, 4, 4).Floats("w", [3, 1, 3, 3]).Floats("b", [3])
            .Node("ConvTranspose", ["x", "w", "b"], ["y"], Int("group", 1)).Output("y").Build();
        Assert.Equal(
        [
            "NG0037 Imported: node '/ConvTranspose_0' (ConvTranspose) has group 1 and a weight of shape [3,1,3,3], which do not fit its 2 input maps",
            "NG0037 Imported: node '/ConvTranspose_0' (ConvTranspose) has 3 biases for 1 maps",
        ], Messages(weight));

        var empty = new OnnxGraphWriter(13).Input("x", null, 1, 1, 1).Floats("w", [1, 1, 1, 1])
            .Node("ConvTranspose", ["x", "w"], ["y"], Ints("pads", 1, 0, 0, 0)).Output("y").Build();
        Assert.Equal(["NG0037 Imported: node '/ConvTranspose_0' (ConvTranspose) gives 0 output rows from 1 (stride 1, dilation 1, kernel 1, pads 1 and 0, output_padding 0); NetGen takes 1 to 32768"],
            Messages(empty));
    }
}
