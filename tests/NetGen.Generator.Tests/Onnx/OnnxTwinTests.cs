namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// Graphs written the way torch.onnx.export writes them (joins, activations as formulas), each against its declared twin:
/// the network written with NetGen's attributes under the same names. The import must give the same parameter tensors
/// (names, shapes, order) and, with the file's weights copied by name, bit-identical outputs and input gradients.
/// </summary>
public class OnnxTwinTests
{
    static INetwork Declared(string attributes, string className)
    {
        var assembly = OnnxCompiled.Load($"using NetGen;\nnamespace Twins;\n{attributes}\npublic partial class {className} {{ }}", [], out _);
        return (INetwork)Activator.CreateInstance(assembly.GetType("Twins." + className)!, 3)!;
    }

    static void AssertSameNetwork(byte[] model, string attributes, string className)
    {
        var imported = OnnxCompiled.Import(model, className + "Imported");
        var declared = Declared(attributes, className);
        Assert.Equal(declared.ParameterTensors.Select(t => (t.Name, t.Length)), imported.ParameterTensors.Select(t => (t.Name, t.Length)));
        Assert.Equal(declared.StateTensors.Select(t => (t.Name, t.Length)), imported.StateTensors.Select(t => (t.Name, t.Length)));
        Assert.Equal(declared.Layers.Select(l => (l.Type, l.Activation, l.Input2 is null)), imported.Layers.Select(l => (l.Type, l.Activation, l.Input2 is null)));
        imported.Parameters.CopyTo(declared.Parameters);
        imported.State.CopyTo(declared.State);

        var input = OnnxCompiled.RandomInput(declared.InputLength, 21);
        var expected = OnnxCompiled.Forward(declared, input);
        Assert.Equal(expected, OnnxCompiled.Forward(imported, input));
        Assert.Contains(expected, v => v != 0);
        var gradient = OnnxCompiled.RandomInput(declared.OutputLength, 22);
        float[] expectedInput = new float[declared.InputLength], actualInput = new float[imported.InputLength];
        declared.Backward(gradient, expectedInput);
        imported.Backward(gradient, actualInput);
        Assert.Equal(expectedInput, actualInput);
        Assert.Equal(declared.Gradients.ToArray(), imported.Gradients.ToArray());
    }

    /// <summary>A stem, two basic blocks, a strided projected basic block and a projected bottleneck, as torchvision's ResNet exports.</summary>
    internal static byte[] TorchResNet()
    {
        var t = new TorchStyle(new OnnxGraphWriter(17).Input("input", null, 3, 8, 8));
        string x = t.Relu("relu", t.BatchNorm("bn1", t.Conv("conv1", "input", 3, 4, 3, 1, 1), 4));
        x = t.BasicBlock("layer1.0", x, 4, 4, 1);
        x = t.BasicBlock("layer1.1", x, 4, 4, 1);
        x = t.BasicBlock("layer2.0", x, 4, 6, 2);
        x = t.Bottleneck("layer3.0", x, 6, 2);
        return t.Graph.Output(t.Head(x, 8, 5), null, 5).Build();
    }

    [Fact]
    public void A_torch_style_ResNet_with_basic_and_bottleneck_blocks_is_its_Residual_twin()
    {
        byte[] model = TorchResNet();
        AssertSameNetwork(model, """
            [Network(3, 8, 8)]
            [Conv(4, 3, Pad = 1, Bias = false, Name = "conv1")]
            [BatchNorm(Activation.ReLU, Name = "bn1")]
            [Residual(4, Repeat = 2, Name = "layer1")]
            [Residual(6, Stride = 2, Name = "layer2")]
            [Residual(2, Bottleneck = true, Name = "layer3")]
            [GlobalAvgPool]
            [Dense(5, Name = "fc")]
            """, "TorchResNet");
    }

    [Fact]
    public void A_torch_style_SqueezeNet_fire_is_its_Fire_twin()
    {
        var t = new TorchStyle(new OnnxGraphWriter(17).Input("input", null, 4, 6, 6));
        string x = t.Relu("features.1", t.Conv("features.0", "input", 4, 6, 3, 1, 1, bias: true));
        x = t.Fire("features.3", x, 6, 2, 3, 4);
        x = t.Op("features.4", "MaxPool", [x], Int("ceil_mode", 1), Ints("kernel_shape", 2, 2), Ints("pads", 0, 0, 0, 0), Ints("strides", 2, 2));
        x = t.Fire("features.5", x, 7, 3, 2, 2);
        byte[] model = t.Graph.Output(t.Head(x, 4, 3, "classifier"), null, 3).Build();
        AssertSameNetwork(model, """
            [Network(4, 6, 6)]
            [Conv(6, 3, Activation.ReLU, Pad = 1, Name = "features.0")]
            [Fire(2, 3, 4, Name = "features.3")]
            [MaxPool(2, Name = "features.4")]
            [Fire(3, 2, 2, Name = "features.5")]
            [GlobalAvgPool]
            [Dense(3, Name = "classifier")]
            """, "TorchFire");
    }

    [Fact]
    public void A_torch_style_inception_module_is_its_Inception_twin()
    {
        var t = new TorchStyle(new OnnxGraphWriter(17).Input("input", null, 4, 5, 5));
        string x = t.Inception("inception3a", "input", 4, [2, 1, 3, 1, 2, 2]);
        x = t.Inception("inception3b", x, 9, [1, 2, 2, 1, 1, 3]);
        byte[] model = t.Graph.Output(t.Head(x, 7, 3), null, 3).Build();
        AssertSameNetwork(model, """
            [Network(4, 5, 5)]
            [Inception(2, 1, 3, 1, 2, 2, Name = "inception3a")]
            [Inception(1, 2, 2, 1, 1, 3, Name = "inception3b")]
            [GlobalAvgPool]
            [Dense(3, Name = "fc")]
            """, "TorchInception");
    }

    [Theory]
    [InlineData(17)]
    [InlineData(20)]
    public void Activations_as_torch_writes_them_are_NetGen_activations(int opset)
    {
        var t = new TorchStyle(new OnnxGraphWriter(opset).Input("input", null, 2, 5, 6));
        var g = t.Graph;
        int constants = 0;
        string Scalar(float v)
        {
            string name = $"/Constant_{constants++}_output_0";
            g.Node("Constant", [], [name], Tensor("value", FloatTensor("", [], [v])));
            return name;
        }
        string x = t.Conv("c1", "input", 2, 4, 3, 1, 1, bias: true);
        // GELU: opset 20 has the operator; before it, x * (erf(x / sqrt 2) + 1) * 0.5.
        x = opset >= 20 ? t.Op("gelu", "Gelu", [x])
            : t.Op("gelu", "Mul", [t.Op("gelu", "Mul", [x, t.Op("gelu", "Add", [t.Op("gelu", "Erf", [t.Op("gelu", "Div", [x, Scalar(1.4142135f)])]), Scalar(1f)])]), Scalar(0.5f)]);
        x = t.Conv("c2", x, 4, 4, 1, bias: true);
        x = t.Op("silu", "Mul", [x, t.Op("silu", "Sigmoid", [x])]);
        x = t.Conv("c3", x, 4, 4, 1, bias: true);
        x = opset >= 18 ? t.Op("mish", "Mish", [x]) : t.Op("mish", "Mul", [x, t.Op("mish", "Tanh", [t.Op("mish", "Softplus", [x])])]);
        x = t.Conv("c4", x, 4, 4, 1, bias: true);
        x = t.Op("hardswish", "HardSwish", [x]);
        x = t.Conv("c5", x, 4, 4, 1, bias: true);
        x = t.Op("relu6", "Clip", [x, Scalar(0f), Scalar(6f)]);
        x = t.Conv("c6", x, 4, 4, 1, bias: true);
        // The tanh GELU: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
        string cubic = t.Op("gelu_tanh", "Mul", [t.Op("gelu_tanh", "Pow", [x, Scalar(3f)]), Scalar(0.044715f)]);
        string inner = t.Op("gelu_tanh", "Mul", [t.Op("gelu_tanh", "Add", [x, cubic]), Scalar(0.7978846f)]);
        x = t.Op("gelu_tanh", "Mul", [t.Op("gelu_tanh", "Mul", [x, Scalar(0.5f)]), t.Op("gelu_tanh", "Add", [t.Op("gelu_tanh", "Tanh", [inner]), Scalar(1f)])]);
        x = t.Conv("c7", x, 4, 4, 1, bias: true);
        x = t.Op("hardsigmoid", "HardSigmoid", [x], Float("alpha", 1f / 6), Float("beta", 0.5f));
        x = t.Conv("c8", x, 4, 4, 1, bias: true);
        x = t.Op("elu", "Elu", [x], Float("alpha", 0.5f));
        x = t.Conv("c9", x, 4, 4, 1, bias: true);
        g.Floats("act.weight", [4, 1, 1]);
        x = t.Op("act", "PRelu", [x, "act.weight"]);
        x = t.Op("leaky", "LeakyRelu", [x], Float("alpha", 0.2f));
        x = t.Op("softplus", "Softplus", [x]);
        x = t.Op("softsign", "Softsign", [x]);
        x = t.Op("selu", "Selu", [x]);
        x = t.Op("celu", "Celu", [x], Float("alpha", 2f));
        x = t.Op("log_softmax", "LogSoftmax", [t.Head(x, 4, 3)], Int("axis", 1));
        AssertSameNetwork(g.Output(x, null, 3).Build(), """
            [Network(2, 5, 6)]
            [Conv(4, 3, Activation.Gelu, Pad = 1, Name = "c1")]
            [Conv(4, 1, Activation.Silu, Name = "c2")]
            [Conv(4, 1, Activation.Mish, Name = "c3")]
            [Conv(4, 1, Activation.Hardswish, Name = "c4")]
            [Conv(4, 1, Activation.Relu6, Name = "c5")]
            [Conv(4, 1, Activation.GeluTanh, Name = "c6")]
            [Conv(4, 1, Activation.Hardsigmoid, Name = "c7")]
            [Conv(4, 1, Name = "c8")]
            [Activation(Activation.Elu, Alpha = 0.5f)]
            [Conv(4, 1, Name = "c9")]
            [Activation(Activation.Prelu, Name = "act")]
            [LeakyRelu(Slope = 0.2f)]
            [Activation(Activation.Softplus)]
            [Activation(Activation.Softsign)]
            [Activation(Activation.Selu)]
            [Activation(Activation.Celu, Alpha = 2f)]
            [GlobalAvgPool]
            [Dense(3, Name = "fc")]
            [LogSoftmax]
            """, "TorchActivations");
    }
}

/// <summary>Values read by several formulas and layers: an activation is fused only where no other reader sees the layer's output.</summary>
public class OnnxSharedReadTests
{
    [Fact]
    public void A_sigmoid_that_a_SiLU_and_a_layer_both_read_keeps_the_convolutions_own_output()
    {
        // u = conv(x); out = conva(u * sigmoid(u)) + convb(sigmoid(u)), on one unit: each path checked by hand in double.
        float w0 = 0.8f, b0 = -0.3f, wa = 1.5f, ba = 0.25f, wb = -2f, bb = 0.5f;
        var model = new OnnxGraphWriter().Input("x", null, 1, 1, 1)
            .Floats("c.weight", [1, 1, 1, 1], [w0]).Floats("c.bias", [1], [b0])
            .Floats("a.weight", [1, 1, 1, 1], [wa]).Floats("a.bias", [1], [ba])
            .Floats("b.weight", [1, 1, 1, 1], [wb]).Floats("b.bias", [1], [bb])
            .Node("Conv", ["x", "c.weight", "c.bias"], ["u"])
            .Node("Sigmoid", "u", "s")
            .Node("Mul", ["u", "s"], ["silu"])
            .Node("Conv", ["silu", "a.weight", "a.bias"], ["a"])
            .Node("Conv", ["s", "b.weight", "b.bias"], ["b"])
            .Node("Add", ["a", "b"], ["y"])
            .Output("y").Build();
        var network = OnnxCompiled.Import(model, "SharedSigmoid");
        foreach (float x in new[] { -2f, 0.5f, 3f })
        {
            double u = w0 * x + b0, s = 1 / (1 + Math.Exp(-u));
            double expected = wa * (u * s) + ba + wb * s + bb;
            Assert.Equal(expected, OnnxCompiled.Forward(network, [x])[0], 5);
        }
        Assert.Equal(Activation.Identity, ActivationKindOf(network, "c"));
    }

    static Activation ActivationKindOf(INetwork network, string layer) => network.Layers.Single(l => l.Name == layer).Activation;
}
