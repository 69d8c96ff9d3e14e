namespace NetGen.Generator.Tests;

/// <summary>
/// One invalid declaration and the single diagnostic it must get: its id, the text of the attribute (or class name)
/// it points at, and parts of its message. <see cref="Files"/> are AdditionalFiles (for [Weights]).
/// </summary>
public sealed record DiagnosticCase(string Id, string Label, string Source, string Located, string[] MessageParts,
    (string Name, byte[] Bytes)[]? Files = null)
{
    public override string ToString() => $"{Id} {Label}";
}

/// <summary>
/// The table DiagnosticTests runs: every descriptor must be produced by at least one row (checked by
/// Every_descriptor_is_produced_by_a_case). Rows marked "regression" were once accepted, crashed or hung.
/// </summary>
public static class DiagnosticCases
{
    private static DiagnosticCase Case(string id, string label, string source, string located, params string[] message) =>
        new(id, label, "using NetGen;\n" + source, located, message);

    private static readonly (string, byte[])[] WeightsFile = [("net.safetensors", WeightsTests.SafeTensors(WeightsTests.Tensors))];

    private const string WeightsNet = "using NetGen;\nnamespace Demo;\n[Network(1, 6, 6)][Conv(2, 3, Activation.Tanh)][Dense(3)][Weights(\"net.safetensors\")] public partial class Net { }";

    public static readonly DiagnosticCase[] All =
    [
        Case("NG0001", "class not partial", "[Network(1, 8, 8)][Dense(2)] public class Net { }", "Net", "'Net' must be declared partial"),
        Case("NG0002", "layers on two partial declarations", "[Network(1, 8, 8)][Dense(2)] public partial class Net { }\n[Dense(3)] public partial class Net { }",
            "Dense(3)", "more than one partial declaration"),
        Case("NG0003", "no layers", "[Network(1, 8, 8)] public partial class Net { }", "Network(1, 8, 8)", "'Net' has no layer attributes"),
        Case("NG0004", "no maps", "[Network(1, 8, 8)][Conv(0, 3)] public partial class Net { }", "Conv(0, 3)", "C1: maps must be at least 1, but is 0"),
        Case("NG0004", "no height", "[Network(1, 0, 8)][Dense(2)] public partial class Net { }", "Network(1, 0, 8)", "Net: height must be at least 1, but is 0"),
        Case("NG0004", "regression: negative pooling Pad", "[Network(1, 8, 8)][MaxPool(2, Pad = -1)] public partial class Net { }",
            "MaxPool(2, Pad = -1)", "S1: Pad must be at least 0, but is -1"),
        Case("NG0004", "regression: residual Stride 0", "[Network(4, 8, 8)][Residual(4, Stride = 0)] public partial class Net { }",
            "Residual(4, Stride = 0)", "R1: Stride must be at least 1, but is 0"),
        Case("NG0004", "conv Pad below -1", "[Network(1, 8, 8)][Conv(2, 3, Pad = -2)] public partial class Net { }", "Conv(2, 3, Pad = -2)", "C1: Pad must be at least 0, but is -2"),
        Case("NG0005", "kernel larger than the padded input", "[Network(1, 8, 8)][Conv(2, 3)][Conv(2, 7)] public partial class Net { }",
            "Conv(2, 7)", "C2: the 7x7 kernel does not fit its padded input 6x6 (input 6x6, padding 0)"),
        Case("NG0006", "stride does not divide", "[Network(1, 8, 8)][Conv(2, 3, Stride = 2)] public partial class Net { }",
            "Conv(2, 3, Stride = 2)", "(8 + 2*0 - 3) = 5 is not a multiple of the stride 2"),
        Case("NG0007", "table rows", "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"XX\" })] public partial class Net { }",
            "Conv(2, 3, Connections = new[] { \"XX\" })", "C1: the connection table has 1 rows but the input has 2 maps"),
        Case("NG0008", "table row length", "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"XX\", \"X\" })] public partial class Net { }",
            "Conv(2, 3, Connections = new[] { \"XX\", \"X\" })", "row 1 has 1 characters but the layer has 2 output maps"),
        Case("NG0009", "table character", "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"XO\", \"XX\" })] public partial class Net { }",
            "Conv(2, 3, Connections = new[] { \"XO\", \"XX\" })", "row 0, column 1 holds 'O'"),
        Case("NG0010", "table column empty", "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"X \", \"X \" })] public partial class Net { }",
            "Conv(2, 3, Connections = new[] { \"X \", \"X \" })", "C1: output map 1 has no input"),
        Case("NG0011", "pooling window", "[Network(1, 7, 7)][MaxPool(2)] public partial class Net { }", "MaxPool(2)", "S1: a 2x2 window with stride 2 does not tile the 7x7 input exactly"),
        Case("NG0012", "layer after the output", "[Network(1, 8, 8)][Dense(4)][Softmax][Dense(2)] public partial class Net { }",
            "Dense(2)", "F3: no layer may follow the output layer 'Output'"),
        Case("NG0013", "same padding, even kernel", "[Network(1, 8, 8)][Conv(2, 4, Padding = Padding.Same)] public partial class Net { }",
            "Conv(2, 4, Padding = Padding.Same)", "Padding.Same needs an odd kernel, but the kernel is 4"),
        Case("NG0014", "padding twice", "[Network(1, 8, 8)][Conv(2, 3, Padding = Padding.Same, Pad = 1)] public partial class Net { }",
            "Conv(2, 3, Padding = Padding.Same, Pad = 1)", "either Padding = Same or Pad = 1"),
        Case("NG0015", "duplicate name", "[Network(1, 8, 8)][Dense(4, Name = \"fc\")][Dense(2, Name = \"fc\")] public partial class Net { }",
            "Dense(2, Name = \"fc\")", "Two layers are named 'fc'"),
        Case("NG0016", "name starting with a digit", "[Network(1, 8, 8)][Dense(4, Name = \"2fc\")] public partial class Net { }",
            "Dense(4, Name = \"2fc\")", "'2fc' is not a valid layer name"),
        Case("NG0016", "regression: name with a final newline", "[Network(1, 8, 8)][Dense(4, Name = \"F1\\n\")] public partial class Net { }",
            "Dense(4, Name = \"F1\\n\")", "'F1\\u000a' is not a valid layer name"),
        Case("NG0016", "regression: 5,000-character name", $"[Network(1, 8, 8)][Dense(4, Name = \"{new string('a', 5000)}\")] public partial class Net {{ }}",
            $"Dense(4, Name = \"{new string('a', 5000)}\")", "it has 5000 characters, more than NetGen's limit of 128"),
        Case("NG0017", "nested class", "public partial class Outer { [Network(1, 8, 8)][Dense(2)] public partial class Net { } }",
            "Net", "'Net' is not supported: it is nested in another type"),
        Case("NG0017", "regression: static class", "[Network(1, 8, 8)][Dense(2)] public static partial class Net { }", "Net", "it is static"),
        Case("NG0017", "regression: record", "[Network(1, 8, 8)][Dense(2)] public partial record Net { }", "Net", "it is a record"),
        Case("NG0017", "regression: primary constructor", "[Network(1, 8, 8)][Dense(2)] public partial class Net(int size) { public int Size => size; }",
            "Net", "it has a primary constructor"),
        Case("NG0018", "unknown activation", "[Network(1, 8, 8)][Dense(4, (Activation)42)] public partial class Net { }",
            "Dense(4, (Activation)42)", "F1: 42 is not a known Activation"),
        Case("NG0020", "weights too large", "[Network(1, 1000, 1000)][Dense(100000)] public partial class Net { }",
            "Dense(100000)", "F1: the weights would need 100000000000 floats, more than NetGen's limit of 1073741824 floats in one buffer"),
        Case("NG0020", "regression: Pad int.MaxValue", "[Network(1, 8, 8)][Conv(2, 3, Pad = int.MaxValue)] public partial class Net { }",
            "Conv(2, 3, Pad = int.MaxValue)", "C1: Pad is 2147483647, more than NetGen's limit of 32768"),
        Case("NG0020", "regression: kernel int.MaxValue, full padding", "[Network(1, 8, 8)][Conv(2, int.MaxValue, Padding = Padding.Full)] public partial class Net { }",
            "Conv(2, int.MaxValue, Padding = Padding.Full)", "C1: kernel is 2147483647, more than NetGen's limit of 32768"),
        Case("NG0020", "regression: LRN size int.MaxValue", "[Network(3, 8, 8)][LocalResponseNorm(int.MaxValue)] public partial class Net { }",
            "LocalResponseNorm(int.MaxValue)", "N1: size is 2147483647"),
        Case("NG0020", "regression: upsampling int.MaxValue", "[Network(3, 8, 8)][Upsample(int.MaxValue)] public partial class Net { }",
            "Upsample(int.MaxValue)", "U1: factor is 2147483647"),
        Case("NG0020", "upsampled rows too wide", "[Network(1, 2, 20000)][Upsample(2)] public partial class Net { }",
            "Upsample(2)", "U1: the output width is 40000, more than NetGen's limit of 32768"),
        Case("NG0021", "groups do not divide", "[Network(3, 8, 8)][Conv(4, 3, Groups = 2)] public partial class Net { }",
            "Conv(4, 3, Groups = 2)", "C1: 2 groups do not divide the 3 input maps and 4 output maps evenly"),
        Case("NG0022", "groups and a table", "[Network(2, 8, 8)][Conv(2, 3, Groups = 2, Connections = new[] { \"X \", \" X\" })] public partial class Net { }",
            "Conv(2, 3, Groups = 2, Connections = new[] { \"X \", \" X\" })", "give either Groups or Connections"),
        Case("NG0023", "dropout rate", "[Network(1, 8, 8)][Dense(4)][Dropout(1.0)] public partial class Net { }",
            "Dropout(1.0)", "D2: the dropout rate must be at least 0 and below 1, but is 1"),
        new("NG0024", "weights file missing", WeightsNet, "Weights(\"net.safetensors\")", ["no AdditionalFiles item is named 'net.safetensors'"], []),
        new("NG0025", "weights file truncated", WeightsNet, "Weights(\"net.safetensors\")", ["is not a readable safetensors file"],
            [("net.safetensors", WeightsTests.SafeTensors(WeightsTests.Tensors)[..^10])]),
        new("NG0026", "weights of the wrong shape", WeightsNet, "Weights(\"net.safetensors\")", ["has 'C1.weight' of shape [2,1,2,2], but the network's is [2,1,3,3]"],
            [("net.safetensors", WeightsTests.SafeTensors([("C1.weight", [2, 1, 2, 2]), ("C1.bias", [2]), ("F2.weight", [3, 32]), ("F2.bias", [3])], architecture: null))]),
        new("NG0027", "weights too large to embed", "using NetGen;\n[Network(1, 1000, 1000)][Dense(20)][Weights(\"net.safetensors\")] public partial class Huge { }",
            "Weights(\"net.safetensors\")", ["the weights need 80000080 bytes"], WeightsFile),
        Case("NG0028", "learned connections with groups", "[Network(2, 8, 8)][Conv(2, 3, Groups = 2, LearnConnections = true)] public partial class Net { }",
            "Conv(2, 3, Groups = 2, LearnConnections = true)", "C1: LearnConnections learns the table itself"),
        Case("NG0029", "regression: LRN Alpha NaN", "[Network(3, 8, 8)][LocalResponseNorm(3, Alpha = double.NaN)] public partial class Net { }",
            "LocalResponseNorm(3, Alpha = double.NaN)", "N1: Alpha must be a finite number from 0 to 3.40282347E+38, but is NaN"),
        Case("NG0029", "regression: LRN Beta infinite", "[Network(3, 8, 8)][LocalResponseNorm(3, Beta = double.PositiveInfinity)] public partial class Net { }",
            "LocalResponseNorm(3, Beta = double.PositiveInfinity)", "N1: Beta must be a finite number"),
        Case("NG0029", "regression: LRN K beyond float", "[Network(3, 8, 8)][LocalResponseNorm(3, K = 1e300)] public partial class Net { }",
            "LocalResponseNorm(3, K = 1e300)", "N1: K must be a finite number above 0", "but is 1E+300"),
        Case("NG0029", "regression: batch norm Epsilon NaN", "[Network(3, 8, 8)][BatchNorm(Epsilon = double.NaN)] public partial class Net { }",
            "BatchNorm(Epsilon = double.NaN)", "B1: Epsilon must be a finite number from 1.40129846E-45"),
        Case("NG0029", "regression: batch norm Momentum beyond 1", "[Network(3, 8, 8)][BatchNorm(Momentum = 1e39)] public partial class Net { }",
            "BatchNorm(Momentum = 1e39)", "B1: Momentum must be a finite number from 0 to 1, but is 1E+39"),
        Case("NG0030", "regression: Repeat int.MaxValue", "[Network(4, 8, 8)][Residual(4, Repeat = int.MaxValue)] public partial class Net { }",
            "Residual(4, Repeat = int.MaxValue)", "R1: the network would have 10737418235 layers once blocks are expanded, more than NetGen's limit of 2048"),
        Case("NG0031", "regression: a grouped table of 8 M pairs", "[Network(4096, 1, 1)][Conv(4096, 1, Groups = 2)] public partial class Net { }",
            "Conv(4096, 1, Groups = 2)", "C1: the generated source would reach about", "more than NetGen's budget of 24000000"),
        Case("NG0032", "regression: a layer id equal to a block layer's", "[Network(4, 8, 8)][Conv(4, 3, Pad = 1, Name = \"layer1_0_conv1\")][Residual(4, Name = \"layer1\")] public partial class Net { }",
            "Residual(4, Name = \"layer1\")", "layer1.0.conv1: the generated member 'layer1_0_conv1_*' would collide with that of layer 'layer1_0_conv1'"),
        Case("NG0032", "table members of two layers", "[Network(2, 8, 8)][Conv(2, 1, Name = \"xByInput\", Connections = new[] { \"X \", \" X\" })][Conv(2, 1, Name = \"x\", Connections = new[] { \"X \", \" X\" })] public partial class Net { }",
            "Conv(2, 1, Name = \"x\", Connections = new[] { \"X \", \" X\" })", "x: the generated member 'xByInputStarts' would collide with that of layer 'xByInput'"),
        Case("NG0032", "a class named like a generated method", "[Network(1, 8, 8)][Dense(2)] public partial class F1_Forward { }",
            "Network(1, 8, 8)", "F1_Forward: the generated member 'F1_*' would collide with the class name"),
        Case("NG0032", "a class named Forward", "[Network(1, 8, 8)][Dense(2)] public partial class Forward { }", "Network(1, 8, 8)", "the generated member 'Forward'"),
        Case("NG0032", "a property named like a generated one", "[Network(1, 8, 8)][Dense(2)] public partial class Net { public int Summary => 1; }",
            "Network(1, 8, 8)", "Net: the generated member 'Summary' would collide with the member 'Summary' the class declares"),
        Case("NG0032", "a constructor the generated one repeats", "[Network(1, 8, 8)][Dense(2)] public partial class Net { public Net() { } }",
            "Network(1, 8, 8)", "Net: the generated member 'Net()' would collide with the constructor the class declares"),
        Case("NG0033", "regression: Weights(null)", "[Network(1, 8, 8)][Dense(2)][Weights(null)] public partial class Net { }",
            "Weights(null)", "Net: [Weights] needs the name of a .safetensors AdditionalFiles item, but is null"),
        Case("NG0034", "regression: a class named Activation", "namespace Demo;\n[Network(1, 8, 8)][Dense(2)] public partial class Activation { }",
            "Activation", "Network class 'Activation': the class itself hides 'NetGen.Activation'"),
        Case("NG0034", "regression: a class Vectors in NetGen.Kernels", "namespace NetGen.Kernels;\n[Network(1, 8, 8)][Dense(2)] public partial class Vectors { }",
            "Vectors", "the class itself hides 'NetGen.Kernels.Vectors'"),
        Case("NG0034", "a namespace named System inside the class's", "namespace Demo.System { class Clock { } }\nnamespace Demo { [Network(1, 8, 8)][Dense(2)] public partial class Net { } }",
            "Net", "'Demo.System' hides 'System'"),
        Case("NG0034", "an extension method AsSpan", "namespace Demo { static class Ext { public static int AsSpan(this float[] a, int s, int l) => 0; }\n[Network(1, 8, 8)][Dense(2)] public partial class Net { } }",
            "Net", "the extension method 'Demo.Ext.AsSpan' hides 'System.MemoryExtensions.AsSpan'"),
        new("NG0034", "a global using alias", "global using Scalar = System.Int32;\nusing NetGen;\n[Network(1, 8, 8)][Dense(2)] public partial class Net { }",
            "Net", ["the global using alias 'Scalar' hides 'NetGen.Kernels.Scalar'"]),
        Case("NG0034", "a member named Unsafe", "[Network(1, 8, 8)][Dense(2)] public partial class Net { public int Unsafe; }",
            "Net", "the member 'Net.Unsafe' hides 'System.Runtime.CompilerServices.Unsafe'"),
        .. Onnx.OnnxDiagnosticCases.All,
    ];
}
