namespace NetGen.Generator.Tests.Onnx;

/// <summary>What real exporters write: folded shape arithmetic, fused activations, MatMul + Add, depthwise convolutions.</summary>
public class OnnxIdiomTests
{
    [Theory]
    [InlineData(13)]
    [InlineData(11)]
    [InlineData(9)]
    public void A_torch_style_LeNet_computes_what_its_plain_twin_does(int opset)
    {
        var torch = OnnxCompiled.Import(OnnxIdiomModels.LeNet(torch: true, opset), "TorchLeNet");
        var plain = OnnxCompiled.Import(OnnxIdiomModels.LeNet(torch: false, opset), "PlainLeNet");
        var input = OnnxCompiled.RandomInput(144, 3);
        var expected = OnnxCompiled.Forward(plain, input);
        Assert.Equal(expected, OnnxCompiled.Forward(torch, input));
        Assert.Contains(expected, v => v != 0);
        // The shape chain, Dropout and Identity fold away; the Relus become activations; the layers keep PyTorch's names.
        Assert.Equal(["conv1", "bn1", "MaxPool_3", "fc1", "MatMul_16"], torch.Layers.Select(l => l.Name));
        Assert.Equal(["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "fc1.weight", "fc1.bias"], torch.ParameterTensors.Select(t => t.Name).Take(6));
        Assert.Equal(Activation.ReLU, torch.Layers[1].Activation);
        Assert.Equal(Activation.ReLU, torch.Layers[3].Activation);
    }

    [Fact]
    public void A_MobileNet_block_imports_with_its_weights_in_NetGen_order()
    {
        byte[] file = OnnxIdiomModels.MobileNetBlock();
        var network = OnnxCompiled.Import(file, "MobileBlock");
        Assert.True(NetGen.Generator.Onnx.OnnxReader.TryRead(file, out var model, out _));
        float[] Tensor(string name) => model!.Graph.Initializers.Single(t => t.Name == name).ToFloats()!;
        // Gemm's B is [in 8][out 5] (transB 0) scaled by alpha 2: NetGen's dense weight is [out][in].
        var head = Tensor("head.weight");
        var dense = Enumerable.Range(0, 40).Select(j => 2 * head[(j % 8) * 5 + j / 8]).ToArray();
        float[] parameters = [.. Tensor("dw.weight"), .. Tensor("dw_bn.weight"), .. Tensor("dw_bn.bias"),
            .. Tensor("pw.weight"), .. Tensor("pw_bn.weight"), .. Tensor("pw_bn.bias"), .. dense, .. Tensor("head.bias")];
        Assert.Equal(parameters, network.Parameters.ToArray());
        float[] state = [.. Tensor("dw_bn.running_mean"), .. Tensor("dw_bn.running_var"), .. Tensor("pw_bn.running_mean"), .. Tensor("pw_bn.running_var")];
        Assert.Equal(state, network.State.ToArray());
        Assert.Equal(["Conv", "BatchNorm", "Conv", "BatchNorm", "GlobalAvgPool", "Dense", "Softmax"], network.Layers.Select(l => l.Type.ToString()));
        Assert.Equal(4, network.Layers[0].Groups);
        var output = OnnxCompiled.Forward(network, OnnxCompiled.RandomInput(4 * 81, 1));
        Assert.Equal(1f, output.Sum(), 5);
    }
}
