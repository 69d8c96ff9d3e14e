namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// Writes modules the way torch.onnx.export (opset 17, batch norm kept) lays them out: initializers under their state-dict
/// names, nodes named by module scope ("/layer1/layer1.0/conv1/Conv"), values named "SCOPE/OP_output_0".
/// </summary>
sealed class TorchStyle(OnnxGraphWriter g)
{
    public OnnxGraphWriter Graph => g;

    /// <summary>torch's scope of a module: "layer1.0.conv1" is /layer1/layer1.0/conv1 (an index joins its container's name).</summary>
    public static string Scope(string module)
    {
        var scopes = new List<string>();
        foreach (string part in module.Split('.'))
            scopes.Add(part.All(char.IsDigit) && scopes.Count > 0 ? scopes[^1] + "." + part : part);
        return "/" + string.Join("/", scopes);
    }

    readonly Dictionary<string, int> _seen = [];

    /// <summary>A node of <paramref name="module"/>; a second one of the same operator is OP_1, as torch numbers them.</summary>
    public string Op(string module, string op, string[] inputs, params byte[][] attributes)
    {
        string key = Scope(module) + "/" + op;
        int n = _seen.GetValueOrDefault(key);
        _seen[key] = n + 1;
        string name = n == 0 ? op : $"{op}_{n}";
        string output = $"{Scope(module)}/{name}_output_0";
        g.Scoped(Scope(module), name, inputs, [output], attributes);
        return output;
    }

    public string Conv(string module, string x, int inC, int outC, int k, int stride = 1, int pad = 0, bool bias = false)
    {
        g.Floats(module + ".weight", [outC, inC, k, k]);
        if (bias) g.Floats(module + ".bias", [outC]);
        return Op(module, "Conv", bias ? [x, module + ".weight", module + ".bias"] : [x, module + ".weight"],
            Ints("dilations", 1, 1), Int("group", 1), Ints("kernel_shape", k, k), Ints("pads", pad, pad, pad, pad), Ints("strides", stride, stride));
    }

    public string BatchNorm(string module, string x, int c)
    {
        g.Floats(module + ".weight", [c]).Floats(module + ".bias", [c]).Floats(module + ".running_mean", [c]).Positive(module + ".running_var", c);
        return Op(module, "BatchNormalization", [x, module + ".weight", module + ".bias", module + ".running_mean", module + ".running_var"],
            Float("epsilon", 1e-5f), Float("momentum", 0.9f));
    }

    public string Relu(string module, string x) => Op(module, "Relu", [x]);

    /// <summary>torchvision's BasicBlock (identity shortcut, or a strided 1x1 projection with batch norm).</summary>
    public string BasicBlock(string module, string x, int inC, int c, int stride)
    {
        string y = Relu(module + ".relu", BatchNorm(module + ".bn1", Conv(module + ".conv1", x, inC, c, 3, stride, 1), c));
        y = BatchNorm(module + ".bn2", Conv(module + ".conv2", y, c, c, 3, 1, 1), c);
        string shortcut = stride != 1 || inC != c ? BatchNorm(module + ".downsample.1", Conv(module + ".downsample.0", x, inC, c, 1, stride), c) : x;
        return Op(module + ".relu_1", "Relu", [Op(module, "Add", [y, shortcut])]);
    }

    /// <summary>torchvision's Bottleneck at stride 1: 1x1, 3x3, 1x1 (4 c maps), projected when the maps differ.</summary>
    public string Bottleneck(string module, string x, int inC, int c)
    {
        string y = Relu(module + ".relu", BatchNorm(module + ".bn1", Conv(module + ".conv1", x, inC, c, 1), c));
        y = Op(module + ".relu_1", "Relu", [BatchNorm(module + ".bn2", Conv(module + ".conv2", y, c, c, 3, 1, 1), c)]);
        y = BatchNorm(module + ".bn3", Conv(module + ".conv3", y, c, 4 * c, 1), 4 * c);
        string shortcut = inC != 4 * c ? BatchNorm(module + ".downsample.1", Conv(module + ".downsample.0", x, inC, 4 * c, 1), 4 * c) : x;
        return Op(module + ".relu_2", "Relu", [Op(module, "Add", [y, shortcut])]);
    }

    /// <summary>torchvision's SqueezeNet Fire: squeeze 1x1 + ReLU, expand 1x1 and 3x3 + ReLU, Concat(axis 1).</summary>
    public string Fire(string module, string x, int inC, int squeeze, int e1, int e3)
    {
        string s = Relu(module + ".squeeze_activation", Conv(module + ".squeeze", x, inC, squeeze, 1, bias: true));
        string a = Relu(module + ".expand1x1_activation", Conv(module + ".expand1x1", s, squeeze, e1, 1, bias: true));
        string b = Relu(module + ".expand3x3_activation", Conv(module + ".expand3x3", s, squeeze, e3, 3, 1, 1, bias: true));
        return Op(module, "Concat", [a, b], Int("axis", 1));
    }

    /// <summary>GoogLeNet's inception module as the paper draws it (NetGen's [Inception]): four branches, Concat(axis 1).</summary>
    public string Inception(string module, string x, int inC, int[] n)
    {
        string Unit(string name, string input, int i, int o, int k) => Relu(name + "_relu", Conv(name, input, i, o, k, 1, k / 2, bias: true));
        string b1 = Unit(module + ".branch1", x, inC, n[0], 1);
        string b2 = Unit(module + ".branch2.conv", Unit(module + ".branch2.reduce", x, inC, n[1], 1), n[1], n[2], 3);
        string b3 = Unit(module + ".branch3.conv", Unit(module + ".branch3.reduce", x, inC, n[3], 1), n[3], n[4], 5);
        string pool = Op(module + ".branch4.pool", "MaxPool", [x], Int("ceil_mode", 0), Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1));
        string b4 = Unit(module + ".branch4.proj", pool, inC, n[5], 1);
        return Op(module, "Concat", [b1, b2, b3, b4], Int("axis", 1));
    }

    /// <summary>GlobalAveragePool, Flatten, Linear as Gemm (transB 1).</summary>
    public string Head(string x, int inC, int classes, string module = "fc")
    {
        string pooled = Op("avgpool", "GlobalAveragePool", [x]);
        string flat = Op("flatten", "Flatten", [pooled], Int("axis", 1));
        g.Floats(module + ".weight", [classes, inC]).Floats(module + ".bias", [classes]);
        return Op(module, "Gemm", [flat, module + ".weight", module + ".bias"], Float("alpha", 1), Float("beta", 1), Int("transB", 1));
    }
}
