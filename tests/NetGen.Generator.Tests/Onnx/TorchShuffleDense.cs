namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// torchvision's ShuffleNetV2 unit and DenseNet block as torch.onnx.export writes them: channel_shuffle's view, transpose
/// and view with the shapes computed from x.size() (Shape, Gather, Div, Unsqueeze, Concat), x.chunk(2, dim=1) as Split
/// (sizes as an input from opset 13, an attribute before, num_outputs from opset 18) or as two Slices, and each dense
/// layer's torch.cat(features, 1) listing every earlier output.
/// </summary>
sealed class TorchShuffleDense(TorchStyle t, int opset)
{
    OnnxGraphWriter G => t.Graph;
    int _constants;

    public string Constant(long[] dims, params long[] values)
    {
        string name = $"/Constant_{_constants++}_output_0";
        G.Node("Constant", [], [name], Tensor("value", Int64Tensor(dims, values)));
        return name;
    }

    /// <summary>A 3x3 depthwise convolution (group = maps, pad 1, no bias).</summary>
    public string Depthwise(string module, string x, int c, int stride)
    {
        G.Floats(module + ".weight", [c, 1, 3, 3]);
        return t.Op(module, "Conv", [x, module + ".weight"], Ints("dilations", 1, 1), Int("group", c), Ints("kernel_shape", 3, 3),
            Ints("pads", 1, 1, 1, 1), Ints("strides", stride, stride));
    }

    string Unsqueeze(string module, string x) =>
        opset >= 13 ? t.Op(module, "Unsqueeze", [x, Constant([1], 0)]) : t.Op(module, "Unsqueeze", [x], Ints("axes", 0));

    /// <summary>
    /// torchvision's channel_shuffle(x, groups): b, c, h, w = x.size(); x.view(b, groups, c // groups, h, w).transpose(1, 2)
    /// .contiguous().view(b, -1, h, w), the sizes read from the value's Shape.
    /// </summary>
    public string ChannelShuffle(string module, string x, int groups)
    {
        string shape = t.Op(module, "Shape", [x]);
        string Size(int i) => Unsqueeze(module, t.Op(module, "Gather", [shape, Constant([], i)], Int("axis", 0)));
        string b = Size(0), h = Size(2), w = Size(3);
        string perGroup = Unsqueeze(module, t.Op(module, "Div", [t.Op(module, "Gather", [shape, Constant([], 1)], Int("axis", 0)), Constant([], groups)]));
        string grouped = t.Op(module, "Concat", [b, Constant([1], groups), perGroup, h, w], Int("axis", 0));
        string view = t.Op(module, "Reshape", [x, grouped]);
        string swapped = t.Op(module, "Transpose", [view], Ints("perm", 0, 2, 1, 3, 4));
        return t.Op(module, "Reshape", [swapped, t.Op(module, "Concat", [b, Constant([1], -1), h, w], Int("axis", 0))]);
    }

    /// <summary>x.chunk(2, dim=1) in the form <paramref name="form"/>: "split" (by opset), "split18" (num_outputs) or "slice".</summary>
    public (string, string) Chunk(string module, string x, int c, string form)
    {
        string scope = TorchStyle.Scope(module), a = scope + "/Split_output_0", b = scope + "/Split_output_1";
        int half = c / 2;
        switch (form)
        {
            case "slice":
                string first = t.Op(module, "Slice", [x, Constant([1], 0), Constant([1], half), Constant([1], 1)]);
                return (first, t.Op(module, "Slice", [x, Constant([1], half), Constant([1], long.MaxValue), Constant([1], 1)]));
            case "split18":
                G.Scoped(scope, "Split", [x], [a, b], Int("axis", 1), Int("num_outputs", 2));
                return (a, b);
            default:
                if (opset >= 13) G.Scoped(scope, "Split", [x, Constant([2], half, half)], [a, b], Int("axis", 1));
                else G.Scoped(scope, "Split", [x], [a, b], Int("axis", 1), Ints("split", half, half));
                return (a, b);
        }
    }

    /// <summary>torchvision's shufflenetv2.InvertedResidual(inC, outC, stride).</summary>
    public string ShuffleUnit(string module, string x, int inC, int outC, int stride, string chunk)
    {
        int half = outC / 2;
        string left, right;
        int rightC;
        if (stride == 2)
        {
            left = t.BatchNorm(module + ".branch1.1", Depthwise(module + ".branch1.0", x, inC, 2), inC);
            left = t.Relu(module + ".branch1.4", t.BatchNorm(module + ".branch1.3", t.Conv(module + ".branch1.2", left, inC, half, 1), half));
            (right, rightC) = (x, inC);
        }
        else
        {
            (left, right) = Chunk(module, x, inC, chunk);
            rightC = half;
        }
        string r = t.Relu(module + ".branch2.2", t.BatchNorm(module + ".branch2.1", t.Conv(module + ".branch2.0", right, rightC, half, 1), half));
        r = t.BatchNorm(module + ".branch2.4", Depthwise(module + ".branch2.3", r, half, stride), half);
        r = t.Relu(module + ".branch2.7", t.BatchNorm(module + ".branch2.6", t.Conv(module + ".branch2.5", r, half, half, 1), half));
        return ChannelShuffle(module, t.Op(module, "Concat", [left, r], Int("axis", 1)), 2);
    }

    /// <summary>
    /// torchvision's _DenseBlock: dense layer L reads torch.cat(features, 1) (a Concat of one value when
    /// <paramref name="singleConcat"/>, else the value itself), then norm1, relu1, conv1 (1x1), norm2, relu2, conv2 (3x3).
    /// </summary>
    public string DenseBlock(string module, string x, int inC, int layers, int growth, int width, bool singleConcat)
    {
        var features = new List<string> { x };
        for (int l = 1; l <= layers; l++)
        {
            string p = $"{module}.denselayer{l}";
            int c = inC + (l - 1) * growth;
            string cat = features.Count == 1 && !singleConcat ? x : t.Op(p, "Concat", [.. features], Int("axis", 1));
            string y = t.Relu(p + ".relu1", t.BatchNorm(p + ".norm1", cat, c));
            y = t.Relu(p + ".relu2", t.BatchNorm(p + ".norm2", t.Conv(p + ".conv1", y, c, width * growth, 1), width * growth));
            features.Add(t.Conv(p + ".conv2", y, width * growth, growth, 3, 1, 1));
        }
        return t.Op(module, "Concat", [.. features], Int("axis", 1));
    }

    /// <summary>torchvision's _Transition: norm, relu, 1x1 conv, 2x2 average pool of stride 2.</summary>
    public string Transition(string module, string x, int inC, int outC)
    {
        string y = t.Conv(module + ".conv", t.Relu(module + ".relu", t.BatchNorm(module + ".norm", x, inC)), inC, outC, 1);
        return t.Op(module + ".pool", "AveragePool", [y], Int("ceil_mode", 0), Int("count_include_pad", 1), Ints("kernel_shape", 2, 2),
            Ints("pads", 0, 0, 0, 0), Ints("strides", 2, 2));
    }
}
