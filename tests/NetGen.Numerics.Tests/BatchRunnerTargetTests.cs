using NetGen.Batching;
using NetGen.Losses;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>Batches with a target per sample (an autoencoder's reconstruction): the same numbers as the per-sample loop.</summary>
public class BatchRunnerTargetTests
{
    private const int Batch = 7;   // not a multiple of the thread count: uneven slices

    private static (float[] Inputs, float[] Targets) Data()
    {
        // Pixels in [0, 1]; the target is the input, as an autoencoder trains.
        var inputs = TestNetworks.RandomVector(Batch * AutoencoderTiny.InputLength, seed: 17).Select(v => (v + 1) / 2).ToArray();
        return (inputs, (float[])inputs.Clone());
    }

    private static float[] Gradients(int threads, float[] inputs, float[] targets, out double loss)
    {
        var primary = new AutoencoderTiny(seed: 5);
        using var runner = new BatchRunner(primary, () => new AutoencoderTiny(seed: 99), threads);
        loss = runner.AccumulateGradients(inputs, targets, new ReconstructionLoss());
        return primary.Gradients.ToArray();
    }

    [Fact]
    public void One_thread_equals_the_per_sample_loop()
    {
        var (inputs, targets) = Data();
        var expected = new AutoencoderTiny(seed: 5);
        int n = AutoencoderTiny.OutputLength;
        var output = new float[n];
        var outputGradient = new float[n];
        var loss = new ReconstructionLoss();
        double total = 0;
        for (int s = 0; s < Batch; s++)
        {
            expected.Forward(inputs.AsSpan(s * AutoencoderTiny.InputLength, AutoencoderTiny.InputLength), output);
            total += loss.Compute(output, targets.AsSpan(s * n, n), outputGradient);
            expected.Backward(outputGradient);
        }
        Assert.Equal(expected.Gradients.ToArray(), Gradients(1, inputs, targets, out double batchLoss));
        Assert.Equal(total, batchLoss);
    }

    [Fact]
    public void Two_threads_give_the_one_thread_gradients_and_are_deterministic()
    {
        var (inputs, targets) = Data();
        var one = Gradients(1, inputs, targets, out double lossOne);
        var two = Gradients(2, inputs, targets, out double lossTwo);
        var again = Gradients(2, inputs, targets, out double lossAgain);

        Assert.Equal(two, again);
        Assert.Equal(lossTwo, lossAgain);
        Assert.Equal(lossOne, lossTwo, 5);
        Close.Assert(one.Select(v => (double)v).ToArray(), two, 1e-5, "2-thread vs 1-thread gradients");
        Assert.Contains(one, g => g != 0);
    }

    [Fact]
    public void Mismatched_targets_are_refused()
    {
        using var runner = new BatchRunner(new AutoencoderTiny());
        var inputs = new float[2 * AutoencoderTiny.InputLength];
        Assert.Throws<ArgumentException>(() => runner.AccumulateGradients(inputs, new float[AutoencoderTiny.OutputLength], new ReconstructionLoss()));
    }
}
