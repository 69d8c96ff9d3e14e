namespace NetGen.Export;

/// <summary>
/// The activations in ai.onnx opset 13 operators, with PyTorch's semantics: the operator of the same name where opset 13
/// has it (Elu, Selu, Celu, Softplus, Softsign, LeakyRelu, PRelu), else its formula (GELU with Erf, the tanh GELU, SiLU,
/// Mish, Hardswish; HardSwish, Mish and Gelu come in opsets 14, 18 and 20). ReLU6 is Clip(0, 6); PyTorch's Hardsigmoid is
/// HardSigmoid with alpha 1/6 and beta 0.5 (ONNX's default alpha 0.2 is another function).
/// </summary>
internal sealed partial class OnnxLayerLowering
{
    /// <summary>
    /// A standalone activation layer on the value as it comes (spatial or flat): its function with its argument
    /// (<see cref="LayerDescription.Alpha"/>), PReLU with its slopes.
    /// </summary>
    private OnnxValue Standalone(LayerDescription layer, OnnxValue x)
    {
        CheckOutput(layer, layer.InChannels, layer.InHeight, layer.InWidth);
        if (layer.Activation != Activation.Prelu) return x with { Name = Apply(layer.Name, layer.Activation, (float)layer.Alpha, x.Name) };
        // PyTorch's weight [C] broadcast over [N, C, H, W] needs the shape [C, 1, 1] (as torch.onnx writes it); [C] over [N, C].
        long[] dims = x.Rank == 4 ? [layer.InChannels, 1, 1] : [layer.InChannels];
        string slope = graph.AddFloats($"{layer.Name}.weight", dims, Slice(layer, layer.WeightOffset, layer.WeightCount));
        return x with { Name = graph.Node("PRelu", layer.Name, [x.Name, slope]) };
    }

    /// <summary>The activation after a layer's weighted sum, with its fused defaults.</summary>
    private OnnxValue Activate(LayerDescription layer, OnnxValue u) =>
        u with { Name = Apply(layer.Name, layer.Activation, FusedArgument(layer.Activation), u.Name) };

    /// <summary>The argument a fused activation has: PyTorch's default slope 0.01 or alpha 1.</summary>
    private static float FusedArgument(Activation f) => f == Activation.LeakyRelu ? Kernels.Activations.LeakyReluSlope : 1f;

    /// <summary>Nodes computing f(u) into a value named <paramref name="name"/> (intermediate values named name.*).</summary>
    private string Apply(string name, Activation f, float argument, string u)
    {
        string Scalar(string wanted, float value) => graph.Scalar(wanted, value);
        string Mul(string suffix, string a, string b) => graph.Node("Mul", suffix.Length == 0 ? name : $"{name}.{suffix}", [a, b]);
        string HardSigmoid(string output) => graph.Node("HardSigmoid", output, [u],
            OnnxAttributeProto.Float("alpha", 1f / 6f), OnnxAttributeProto.Float("beta", 0.5f));
        switch (f)
        {
            case Activation.Identity: return u;
            case Activation.Sigmoid: return graph.Node("Sigmoid", name, [u]);
            case Activation.Tanh: return graph.Node("Tanh", name, [u]);
            case Activation.ReLU: return graph.Node("Relu", name, [u]);
            case Activation.ScaledTanh:
                string tanh = graph.Node("Tanh", $"{name}.tanh", [Mul("scaled", u, Scalar("scaled_tanh.b", Kernels.Activations.ScaledTanhB))]);
                return Mul("", tanh, Scalar("scaled_tanh.a", Kernels.Activations.ScaledTanhA));
            case Activation.LeakyRelu: return graph.Node("LeakyRelu", name, [u], OnnxAttributeProto.Float("alpha", argument));
            case Activation.Elu: return graph.Node("Elu", name, [u], OnnxAttributeProto.Float("alpha", argument));
            case Activation.Celu: return graph.Node("Celu", name, [u], OnnxAttributeProto.Float("alpha", argument));
            case Activation.Selu:
                return graph.Node("Selu", name, [u], OnnxAttributeProto.Float("alpha", Kernels.Activations.SeluAlpha),
                    OnnxAttributeProto.Float("gamma", Kernels.Activations.SeluScale));
            case Activation.Softplus: return graph.Node("Softplus", name, [u]);
            case Activation.Softsign: return graph.Node("Softsign", name, [u]);
            case Activation.Relu6: return graph.Node("Clip", name, [u, Scalar("relu6.min", 0f), Scalar("relu6.max", 6f)]);
            case Activation.Hardsigmoid: return HardSigmoid(name);
            case Activation.Hardswish: return Mul("", u, HardSigmoid($"{name}.hardsigmoid"));
            case Activation.Silu: return Mul("", u, graph.Node("Sigmoid", $"{name}.sigmoid", [u]));
            case Activation.Mish:
                return Mul("", u, graph.Node("Tanh", $"{name}.tanh", [graph.Node("Softplus", $"{name}.softplus", [u])]));
            case Activation.Gelu:
                // u (1 + erf(u / sqrt 2)) / 2
                string erf = graph.Node("Erf", $"{name}.erf", [Mul("scaled", u, Scalar("gelu.sqrt_half", 0.70710678118654752f))]);
                string cdf = graph.Node("Add", $"{name}.cdf", [erf, Scalar("one", 1f)]);
                return Mul("", Mul("half", u, Scalar("half", 0.5f)), cdf);
            case Activation.GeluTanh:
                // u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3))) / 2
                string cube = Mul("cube", Mul("square", u, u), u);
                string inner = graph.Node("Add", $"{name}.inner", [u, Mul("cubic", cube, Scalar("gelu.kappa", 0.044715f))]);
                string t = graph.Node("Tanh", $"{name}.tanh", [Mul("scaled", inner, Scalar("gelu.sqrt_two_over_pi", 0.79788456080286536f))]);
                string plus = graph.Node("Add", $"{name}.cdf", [t, Scalar("one", 1f)]);
                return Mul("", Mul("half", u, Scalar("half", 0.5f)), plus);
            default: throw new NotSupportedException($"Layer {name}: ONNX export does not know activation {f}.");
        }
    }
}
