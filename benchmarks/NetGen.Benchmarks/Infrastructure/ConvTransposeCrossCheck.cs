using System.Globalization;
using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// Proves the timed transposed convolutions compute the same function before they are timed: NetGen's layer
/// (<see cref="ConvTransposeCase.CreateNetGen"/>, seed 1), its parameters copied by name into TorchSharp's
/// nn.ConvTranspose2d and read back, the same random input and output gradient; then, on every NetGen SIMD path, the
/// 100,352 outputs, and after one backward the weight and bias gradients and the input gradient, against libtorch's
/// autograd; and ONNX Runtime's outputs on NetGen's exported graph. Differences are measured relative to the largest
/// magnitude of the reference tensor (outputs cross zero, so an element's own magnitude is no scale).
/// </summary>
public static class ConvTransposeCrossCheck
{
    /// <summary>Largest |NetGen - libtorch| / max |libtorch| per tensor. Each value sums 64-784 float32 products; a wrong
    /// tap, crop or stride moves values by the order of the maximum.</summary>
    public const double Tolerance = 1e-5;

    public const int InputSeed = 5, GradientSeed = 7;

    public static bool Run(TextWriter log, bool verbose)
    {
        var ok = true;
        var c = CultureInfo.InvariantCulture;
        void Report(string what, double diff, string detail = "", double tolerance = Tolerance)
        {
            bool pass = diff <= tolerance && !double.IsNaN(diff);
            ok &= pass;
            if (verbose || !pass)
                log.WriteLine(string.Create(c, $"  {(pass ? "ok  " : "FAIL")} {what,-60} max |diff| / max |ref| = {diff:0.00e+00} (tolerance {tolerance:0e+00}){detail}"));
        }

        foreach (var tc in ConvTransposeCase.All)
        {
            var net = tc.CreateNetGen(ImageNetPeers.ParameterSeed);
            var input = ImageNetPeers.RandomInput(net.InputLength, InputSeed);
            var outputGradient = ImageNetPeers.RandomInput(net.OutputLength, GradientSeed).Select(v => 2 * v - 1).ToArray();
            using var model = tc.CreateTorch();
            TorchWeights.LoadFrom(model, net);
            if (verbose)
                log.WriteLine(string.Create(c, $"Cross-check: ConvTranspose {tc}: {net.ParameterCount:N0} parameters, " +
                    $"{ImageNetCase.CountedMultiplyAdds(tc.Summary):N0} multiply-adds ({tc.ForwardFlopsPerImage / 1e6:0.#} MFLOP forward)"));
            Report($"{tc}: parameters read back", TorchWeights.ReadBackDifference(model, net), " (absolute; must be 0)", tolerance: 0);

            // libtorch's forward and autograd backward (one thread, as timed).
            float[] expected, expectedInputGradient;
            var expectedGradients = new Dictionary<string, float[]>();
            using (var scope = NewDisposeScope())
            {
                var x = tensor(input, [1, ConvTransposeCase.InMaps, 28, 28]).requires_grad_(true);
                var y = model.forward(x);
                expected = y.detach().data<float>().ToArray();
                y.backward([tensor(outputGradient, y.shape)]);
                expectedInputGradient = x.grad!.data<float>().ToArray();
                foreach (var (name, p) in model.named_parameters())
                    expectedGradients[name] = p.grad!.data<float>().ToArray();
            }

            var isas = new[] { Isa.Vector512, Isa.Vector256, Isa.Vector128, Isa.Scalar }.Where(Supported).ToArray();
            if (!verbose)
                isas = [Isa.Auto];
            foreach (var isa in isas)
            {
                net.Isa = isa;
                net.Gradients.Clear();
                var output = new float[net.OutputLength];
                var inputGradient = new float[net.InputLength];
                net.Forward(input, output);
                net.Backward(outputGradient, inputGradient);
                Report($"{tc}: NetGen ({isa}) forward vs TorchSharp", Relative(output, expected));
                foreach (var t in net.ParameterTensors)
                    Report($"{tc}: NetGen ({isa}) grad {t.Name} vs TorchSharp", Relative(net.Gradients.Slice(t.Offset, t.Length).ToArray(), expectedGradients[t.Name]));
                Report($"{tc}: NetGen ({isa}) input gradient vs TorchSharp", Relative(inputGradient, expectedInputGradient));
            }
            net.Isa = Isa.Auto;

            var ortOutput = new float[net.OutputLength];
            using (var ort = new OrtPeer(net, batch: 1, threads: 1, input, ortOutput))
                ort.Run();
            Report($"{tc}: ONNX Runtime forward vs TorchSharp", Relative(ortOutput, expected), " (NetGen's exported graph)");
        }
        return ok;
    }

    /// <summary>max |a - e| / max |e|; infinity when the lengths differ or e is all zeros (nothing would be checked).</summary>
    static double Relative(float[] actual, float[] expected)
    {
        if (actual.Length != expected.Length)
            return double.PositiveInfinity;
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return scale == 0 || double.IsNaN(diff) ? double.PositiveInfinity : diff / scale;
    }

    static bool Supported(Isa isa) => isa switch
    {
        Isa.Vector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
        Isa.Vector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        Isa.Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated,
        _ => true,
    };
}
