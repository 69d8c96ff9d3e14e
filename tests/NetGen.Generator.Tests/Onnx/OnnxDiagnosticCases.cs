namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>The [OnnxModel] rows of <see cref="DiagnosticCases"/>: each ONNX diagnostic from a small model written in C#.</summary>
static class OnnxDiagnosticCases
{
    const string Net = "using NetGen;\nnamespace Demo;\n[OnnxModel(\"model.onnx\")] public partial class Net { }";
    const string At = "OnnxModel(\"model.onnx\")";

    /// <summary>input [N,1,4,4] -> Conv 2 maps 3x3 (weight given by <paramref name="weight"/>) -> output.</summary>
    public static byte[] SmallConv(byte[]? weight = null)
    {
        var g = new OnnxGraphWriter().Input("x", null, 1, 4, 4);
        if (weight is null) g.Floats("w", [2, 1, 3, 3]);
        else g.Raw(weight);
        return g.Node("Conv", ["x", "w"], ["y"]).Output("y", null, 2, 2, 2).Build();
    }

    static DiagnosticCase Case(string id, string label, byte[] model, params string[] message) =>
        new(id, label, Net, At, message, [("model.onnx", model)]);

    public static DiagnosticCase[] All =>
    [
        new("NG0035", "ONNX file missing", Net, At, ["no AdditionalFiles item is named 'model.onnx'"], []),
        Case("NG0036", "ONNX file truncated", SmallConv()[..^5], "'model.onnx' is not a readable ONNX model:"),
        Case("NG0036", "not an ONNX file", "hello"u8.ToArray(), "'model.onnx' is not a readable ONNX model:"),
        Case("NG0037", "ONNX operator unknown",
            new OnnxGraphWriter().Input("x", null, 3).Node("Sin", "x", "y").Output("y", null, 3).Build(),
            "Net: node '/Sin_0' (Sin) is not an operator NetGen imports"),
        Case("NG0037", "ONNX max pool dilated",
            new OnnxGraphWriter().Input("x", null, 1, 8, 8).Node("MaxPool", ["x"], ["y"], Ints("kernel_shape", 2, 2), Ints("dilations", 2, 2)).Output("y").Build(),
            "Net: node '/MaxPool_0' (MaxPool) has dilations [2,2]; NetGen pools are not dilated"),
        Case("NG0038", "ONNX weight in an external file",
            SmallConv([.. Proto.Int(1, 2), .. Proto.Int(1, 1), .. Proto.Int(1, 3), .. Proto.Int(1, 3), .. Proto.Int(2, 1), .. Proto.Text(8, "w"), .. Proto.Int(14, 1)]),
            "Net: tensor 'w' keeps its data in an external file"),
        Case("NG0038", "ONNX weight of integers",
            SmallConv([.. Proto.Int(1, 2), .. Proto.Int(1, 1), .. Proto.Int(1, 3), .. Proto.Int(1, 3), .. Proto.Int(2, 7), .. Proto.Text(8, "w"), .. Proto.Bytes(9, new byte[18 * 8])]),
            "Net: tensor 'w' (weight of node '/Conv_0') is of data type 7; NetGen weights are float"),
        Case("NG0039", "ONNX graph with two inputs",
            new OnnxGraphWriter().Input("a", null, 3).Input("b", null, 3).Node("Relu", "a", "y").Output("y").Build(),
            "Net: the graph has 2 inputs ('a', 'b')"),
        Case("NG0040", "ONNX input too wide",
            new OnnxGraphWriter().Input("x", null, 1, 1, 100_000).Node("Relu", "x", "y").Output("y").Build(),
            "Net: the input 'x' has dimensions [N,1,1,100000], more than NetGen's limit"),
        new("NG0041", "ONNX path empty", "using NetGen;\n[OnnxModel(\"\")] public partial class Net { }", "OnnxModel(\"\")",
            ["Net: [OnnxModel] needs the name of a .onnx AdditionalFiles item, but is \"\""]),
        new("NG0042", "ONNX model with layer attributes", "using NetGen;\n[OnnxModel(\"model.onnx\")][Dense(2)] public partial class Net { }", At,
            ["Net: [OnnxModel] takes the network and its weights from the file; remove [Dense]"], [("model.onnx", SmallConv())]),
        Case("NG0043", "ONNX weights too large to embed",
            new OnnxGraphWriter().Input("x", null, 4096).Floats("fc.weight", [4097, 4096], new float[4097 * 4096]).Node("Gemm", ["x", "fc.weight"], ["y"], Int("transB", 1)).Output("y").Build(),
            "Net: the weights need 67141636 bytes, more than the 67108864 bytes NetGen embeds"),
    ];
}
