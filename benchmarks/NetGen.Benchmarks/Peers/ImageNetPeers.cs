using NetGen.Benchmarks.Infrastructure;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>Builds the NetGen and libtorch peers of an <see cref="ImageNetCase"/> with the same parameters, running statistics and input.</summary>
public static class ImageNetPeers
{
    public const int ParameterSeed = 1;
    public const int StateSeed = 11;
    public const int InputSeed = 5;

    /// <summary>
    /// NetGen's network from <see cref="ParameterSeed"/> (He initialization; batch norm scale 1, shift 0), then
    /// non-trivial batch norm: running means uniform in [-0.1, 0.1), variances in [0.5, 1.5), scales in [0.2, 0.6)
    /// and shifts in [-0.1, 0.1), so every normalization does something and the activations stay bounded through 50
    /// layers (He-initialized residual stages with identity batch norm double their variance at every block).
    /// Plus a random input with values uniform in [0, 1).
    /// </summary>
    public static INetwork CreateNetGen(ImageNetCase c, out float[] input, out float[] output)
    {
        var net = c.CreateNetGen(ParameterSeed);
        var random = new Random(StateSeed);
        float Uniform(float lo, float hi) => lo + (hi - lo) * random.NextSingle();
        var state = net.State;
        foreach (var t in net.StateTensors)
        {
            bool variance = t.Name.EndsWith(".running_var", StringComparison.Ordinal);
            foreach (ref var v in state.Slice(t.Offset, t.Length))
                v = variance ? Uniform(0.5f, 1.5f) : Uniform(-0.1f, 0.1f);
        }
        var parameters = net.Parameters;
        foreach (var l in net.Layers.Where(l => l.Type == LayerType.BatchNorm))
        {
            foreach (ref var v in parameters.Slice(l.WeightOffset, l.WeightCount))
                v = Uniform(0.2f, 0.6f);
            foreach (ref var v in parameters.Slice(l.BiasOffset, l.BiasCount))
                v = Uniform(-0.1f, 0.1f);
        }
        input = RandomInput(net.InputLength, InputSeed);
        output = new float[net.OutputLength];
        return net;
    }

    public static float[] RandomInput(int length, int seed)
    {
        var random = new Random(seed);
        var input = new float[length];
        for (int i = 0; i < input.Length; i++)
            input[i] = random.NextSingle();
        return input;
    }

    /// <summary>The TorchSharp peer (logits) with <paramref name="net"/>'s parameters and running statistics, in eval() mode.</summary>
    public static nn.Module<Tensor, Tensor> CreateTorch(ImageNetCase c, INetwork net) => CreateTorch(c, net, out _);

    /// <inheritdoc cref="CreateTorch(ImageNetCase, INetwork)"/>
    public static nn.Module<Tensor, Tensor> CreateTorch(ImageNetCase c, INetwork net, out IReadOnlyList<string> shapeMismatches)
    {
        var model = c.CreateTorch();
        shapeMismatches = TorchWeights.LoadFrom(model, net);
        model.eval();
        return model;
    }
}
