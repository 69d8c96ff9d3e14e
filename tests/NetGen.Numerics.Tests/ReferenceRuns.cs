using System.Collections.Concurrent;

namespace NetGen.Numerics.Tests;

/// <summary>
/// The double reference's results on a network's test samples (TestNetworks.Input, output gradients seeded 200 + sample),
/// computed once per network and shared by its ISA cases: they do not depend on the ISA, and the reference is the slow
/// half of each comparison (WinogradTiles' takes ~2 s a case on x64, ~20 s under qemu).
/// </summary>
public static class ReferenceRuns
{
    public sealed record Sample(float[] Input, float[] OutputGradient, double[] Output, double[] InputGradient, double[] ParameterGradient);

    private sealed record Entry(double[] Parameters, double[] State, Sample[] Samples);

    private static readonly ConcurrentDictionary<string, Lazy<Entry>> Cache = new();

    /// <summary>The samples at the network's current parameters and the reference's state (a cached run is reused only for exactly these).</summary>
    public static Sample[] For(string name, INetwork net, RefNetwork reference)
    {
        var p = TestNetworks.ToDouble(net.Parameters);
        var entry = Cache.GetOrAdd(name, _ => new Lazy<Entry>(() => Compute(net, reference, p))).Value;
        return entry.Parameters.AsSpan().SequenceEqual(p) && entry.State.AsSpan().SequenceEqual(reference.State)
            ? entry.Samples
            : Compute(net, reference, p).Samples;
    }

    /// <summary>The generated Forward and Backward on every sample against the reference, each tensor within its tolerance.</summary>
    public static void AssertMatch(string name, INetwork net, RefNetwork reference, double tolerance, string what)
    {
        foreach (var s in For(name, net, reference))
        {
            var output = new float[net.OutputLength];
            net.Forward(s.Input, output);
            Close.Assert(s.Output, output, tolerance, $"{what} output");
            var dx = new float[net.InputLength];
            net.Gradients.Clear();
            net.Backward(s.OutputGradient, dx);
            Close.Assert(s.InputGradient, dx, tolerance, $"{what} dE/dinput");
            Close.PerTensor(net, s.ParameterGradient, net.Gradients, tolerance, $"{what} dE/d");
        }
    }

    private static Entry Compute(INetwork net, RefNetwork reference, double[] p)
    {
        var samples = new Sample[TestNetworks.Samples];
        for (int i = 0; i < samples.Length; i++)
        {
            var input = TestNetworks.Input(net, i);
            var dy = TestNetworks.RandomVector(net.OutputLength, seed: 200 + i);
            var output = reference.Forward(TestNetworks.ToDouble(input), p);
            var dp = new double[p.Length];
            var dx = reference.Backward(TestNetworks.ToDouble(dy), p, dp);
            samples[i] = new(input, dy, output, dx, dp);
        }
        return new(p, (double[])reference.State.Clone(), samples);
    }
}
