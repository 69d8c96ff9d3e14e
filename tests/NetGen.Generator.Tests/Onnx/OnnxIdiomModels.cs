namespace NetGen.Generator.Tests.Onnx;

using static OnnxGraphWriter;

/// <summary>
/// Small models written the way torch.onnx.export writes them (readable descriptions, random untrained weights),
/// each with a plain twin: the same function in the operators NetGen's own export writes (Flatten, Gemm transB = 1),
/// whose import the round trip against ExportOnnx already checks.
/// </summary>
static class OnnxIdiomModels
{
    /// <summary>
    /// LeNet as PyTorch exports it: Conv (bias, pads 1) + BatchNormalization + Relu, MaxPool, x.view(x.size(0), -1) as
    /// Shape/Gather/Unsqueeze/Concat/Reshape, Gemm transB + Relu, Dropout, Identity, and the last linear layer as MatMul + Add
    /// (<paramref name="torch"/>), or the plain twin (Flatten, both layers Gemm transB = 1).
    /// </summary>
    public static byte[] LeNet(bool torch, int opset = 13)
    {
        var random = new Random(9);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] fc2 = Values(10 * 3);   // [out 3][in 10] as PyTorch's Linear stores it
        var g = new OnnxGraphWriter(opset)
            .Input("input.1", null, 1, 12, 12)
            .Floats("conv1.weight", [4, 1, 3, 3], Values(36)).Floats("conv1.bias", [4], Values(4))
            .Floats("bn1.weight", [4], Values(4)).Floats("bn1.bias", [4], Values(4)).Floats("bn1.running_mean", [4], Values(4))
            .Positive("bn1.running_var", 4)
            .Floats("fc1.weight", [10, 144], Values(1440)).Floats("fc1.bias", [10], Values(10))
            .Node("Conv", ["input.1", "conv1.weight", "conv1.bias"], ["/conv1/Conv_output_0"],
                Ints("dilations", 1, 1), Int("group", 1), Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 1, 1))
            .Node("BatchNormalization", ["/conv1/Conv_output_0", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"], ["/bn1/BatchNormalization_output_0"],
                Float("epsilon", 1e-5f), Float("momentum", 0.9f))
            .Node("Relu", "/bn1/BatchNormalization_output_0", "/relu/Relu_output_0")
            .Node("MaxPool", "/relu/Relu_output_0", "/pool/MaxPool_output_0", Int("ceil_mode", 0), Ints("kernel_shape", 2, 2), Ints("pads", 0, 0, 0, 0), Ints("strides", 2, 2));
        string flat = "/Reshape_output_0";
        if (torch)
        {
            g.Node("Shape", "/pool/MaxPool_output_0", "/Shape_output_0")
                .Node("Constant", [], ["/Constant_output_0"], Tensor("value", Int64Tensor([], [0])))
                .Node("Gather", ["/Shape_output_0", "/Constant_output_0"], ["/Gather_output_0"], Int("axis", 0))
                .Node("Constant", [], ["/Constant_1_output_0"], Tensor("value", Int64Tensor([], [-1])));
            if (opset >= 13)
                g.Int64s("axes0", 0)
                    .Node("Unsqueeze", ["/Gather_output_0", "axes0"], ["/Unsqueeze_output_0"])
                    .Node("Unsqueeze", ["/Constant_1_output_0", "axes0"], ["/Unsqueeze_1_output_0"]);
            else
                g.Node("Unsqueeze", "/Gather_output_0", "/Unsqueeze_output_0", Ints("axes", 0))
                    .Node("Unsqueeze", "/Constant_1_output_0", "/Unsqueeze_1_output_0", Ints("axes", 0));
            g.Node("Concat", ["/Unsqueeze_output_0", "/Unsqueeze_1_output_0"], ["/Concat_output_0"], Int("axis", 0))
                .Node("Reshape", ["/pool/MaxPool_output_0", "/Concat_output_0"], [flat]);
        }
        else g.Node("Flatten", "/pool/MaxPool_output_0", flat, Int("axis", 1));
        g.Node("Gemm", [flat, "fc1.weight", "fc1.bias"], ["/fc1/Gemm_output_0"], Float("alpha", 1), Float("beta", 1), Int("transB", 1))
            .Node("Relu", "/fc1/Gemm_output_0", "/Relu_1_output_0")
            .Node("Dropout", "/Relu_1_output_0", "/dropout/Dropout_output_0")
            .Node("Identity", "/dropout/Dropout_output_0", "/Identity_output_0")
            .Floats("fc2.bias", [3], [0.25f, -0.5f, 0.125f]);
        if (torch)
        {
            // torch exports a Linear on a 2-D input as Gemm, but as MatMul + Add when traced from x @ W.t() + b: W.t() is [in][out].
            var transposed = new float[30];
            for (int o = 0; o < 3; o++)
                for (int i = 0; i < 10; i++)
                    transposed[i * 3 + o] = fc2[o * 10 + i];
            g.Floats("onnx::MatMul_42", [10, 3], transposed)
                .Node("MatMul", ["/Identity_output_0", "onnx::MatMul_42"], ["/fc2/MatMul_output_0"])
                .Node("Add", ["fc2.bias", "/fc2/MatMul_output_0"], ["logits"]);
        }
        else g.Floats("fc2.weight", [3, 10], fc2).Node("Gemm", ["/Identity_output_0", "fc2.weight", "fc2.bias"], ["logits"], Int("transB", 1));
        return g.Output("logits", null, 3).Build();
    }

    /// <summary>
    /// A MobileNet block: depthwise 3x3 Conv (group = maps, stride 2, no bias) + BN + Relu, pointwise 1x1 Conv + BN + Relu,
    /// GlobalAveragePool, Flatten, Gemm (transB 0, alpha 2) and Softmax (opset 13, axis 1).
    /// </summary>
    public static byte[] MobileNetBlock()
    {
        var g = new OnnxGraphWriter(13).Input("x", null, 4, 9, 9)
            .Floats("dw.weight", [4, 1, 3, 3]).Floats("dw_bn.weight", [4]).Floats("dw_bn.bias", [4]).Floats("dw_bn.running_mean", [4]).Positive("dw_bn.running_var", 4)
            .Floats("pw.weight", [8, 4, 1, 1]).Floats("pw_bn.weight", [8]).Floats("pw_bn.bias", [8]).Floats("pw_bn.running_mean", [8]).Positive("pw_bn.running_var", 8)
            .Floats("head.weight", [8, 5]).Floats("head.bias", [5])
            .Node("Conv", ["x", "dw.weight"], ["a"], Int("group", 4), Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Ints("strides", 2, 2))
            .Node("BatchNormalization", ["a", "dw_bn.weight", "dw_bn.bias", "dw_bn.running_mean", "dw_bn.running_var"], ["b"])
            .Node("Relu", "b", "c")
            .Node("Conv", ["c", "pw.weight"], ["d"], Ints("kernel_shape", 1, 1))
            .Node("BatchNormalization", ["d", "pw_bn.weight", "pw_bn.bias", "pw_bn.running_mean", "pw_bn.running_var"], ["e"])
            .Node("Relu", "e", "f")
            .Node("GlobalAveragePool", "f", "g")
            .Node("Flatten", "g", "h")
            .Node("Gemm", ["h", "head.weight", "head.bias"], ["i"], Float("alpha", 2))
            .Node("Softmax", "i", "probabilities", Int("axis", 1));
        return g.Output("probabilities", null, 5).Build();
    }
}
