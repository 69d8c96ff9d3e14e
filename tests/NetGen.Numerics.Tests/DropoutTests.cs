using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>Dropout while Training: masks of 0 or 1/(1 - rate), the rate respected, backward through the same mask, seeded.</summary>
public class DropoutTests
{
    [Theory]
    [InlineData(Isa.Scalar)]
    [InlineData(Isa.Vector128)]
    [InlineData(Isa.Vector256)]
    [InlineData(Isa.Vector512)]
    public void Training_drops_at_the_rate_scales_survivors_and_backward_uses_the_mask(Isa isa)
    {
        var net = new ZooNet(seed: 4) { Isa = isa };
        var (_, reference) = TestNetworks.Create("ZooNet");
        var input = TestNetworks.RandomVector(ZooNet.InputLength, seed: 8);
        var output = new float[ZooNet.OutputLength];
        var dy = TestNetworks.RandomVector(ZooNet.OutputLength, seed: 9);
        var dx = new float[ZooNet.InputLength];

        int dropped = 0, units = 0;
        var outputs = new HashSet<float>();
        var p = TestNetworks.ToDouble(net.Parameters);
        for (int pass = 0; pass < 50; pass++)
        {
            net.Training = true;
            net.Forward(input, output);
            outputs.Add(output[0]);
            net.Gradients.Clear();
            net.Backward(dy, dx);
            // D4 reads C3's output and writes its own, both in the activation workspace.
            var (d4In, d4Out) = DropoutActivations(net);
            var mask = new double[d4In.Length];
            for (int j = 0; j < d4In.Length; j++)
            {
                units++;
                if (d4Out[j] == 0 && d4In[j] != 0) dropped++;
                else Assert.Equal(d4In[j] / 0.7f, d4Out[j], 4);
                mask[j] = d4Out[j] == 0 ? 0 : 1 / 0.7;
            }
            if (pass % 10 != 0) continue;
            // The whole pass, forward and backward, against the reference with the same mask.
            var masked = ReferenceNetworks.ZooNet(mask);
            Close.Assert(masked.Forward(TestNetworks.ToDouble(input), p), output, 2e-4, "training output");
            var dp = new double[p.Length];
            Close.Assert(masked.Backward(TestNetworks.ToDouble(dy), p, dp), dx, 2e-4, "training dE/dinput");
            Close.Assert(dp, net.Gradients, 2e-4, "training dE/dparameters");
        }
        double rate = (double)dropped / units;
        Assert.InRange(rate, 0.25, 0.35);     // 0.3 over 50 x 160 units
        Assert.True(outputs.Count > 40, "masks change from pass to pass");

        // Inference: the identity, so the network equals the reference again.
        net.Training = false;
        net.Forward(input, output);
        var expected = reference.Forward(TestNetworks.ToDouble(input), p);
        Close.Assert(expected, output, 2e-4, "inference output");
    }

    [Fact]
    public void Masks_repeat_for_the_same_seed()
    {
        float[] Run()
        {
            var net = new ZooNet(seed: 12) { Training = true };
            var output = new float[ZooNet.OutputLength];
            var all = new List<float>();
            for (int i = 0; i < 5; i++)
            {
                net.Forward(TestNetworks.RandomVector(ZooNet.InputLength, seed: i), output);
                all.AddRange(output);
            }
            return all.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    /// <summary>D4's input (C3's output) and output, found through the generated summary's layer sizes.</summary>
    private static (float[] In, float[] Out) DropoutActivations(ZooNet net)
    {
        // The activation workspace holds the input, then each layer's output in order (see the generated memory plan).
        var field = typeof(ZooNet).GetField("_activations", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var activations = (float[])field.GetValue(net)!;
        int offset = ZooNet.InputLength;
        var layers = ZooNet.Summary.Layers;
        for (int i = 0; i < 2; i++) offset += layers[i].Channels * layers[i].Height * layers[i].Width;   // C1, N2
        int c3 = layers[2].Channels * layers[2].Height * layers[2].Width;
        return (activations.AsSpan(offset, c3).ToArray(), activations.AsSpan(offset + c3, c3).ToArray());
    }
}
