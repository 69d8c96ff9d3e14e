using NetGen.Batching;
using NetGen.Losses;
using NetGen.Samples.ModelZoo;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Issue 18's promise for the NIN run: a seed fixes the result whatever the thread count, dropout included. NIN is the
/// network that trains dropout, 1x1 convolutions and global pooling together through the batch engine.
/// </summary>
public class NinDeterminismTests
{
    private const int Batch = 10;   // two chunks of 8 and 2: uneven across 2 and 3 workers

    private static float[] Gradients(int threads, float[] inputs, int[] labels, int batches, out double loss)
    {
        var primary = new NinMnist(seed: 5) { DropoutState = 12345 };
        using var runner = new BatchRunner(primary, () => new NinMnist(seed: 99), threads);
        loss = 0;
        for (int b = 0; b < batches; b++)
        {
            primary.Gradients.Clear();
            loss = runner.AccumulateGradients(inputs, labels, new SoftmaxCrossEntropyLoss());
        }
        return primary.Gradients.ToArray();
    }

    [Fact]
    public void Nin_gradients_with_dropout_are_bit_identical_for_any_thread_count()
    {
        var inputs = TestNetworks.RandomVector(Batch * NinMnist.InputLength, seed: 41);
        var labels = Enumerable.Range(0, Batch).Select(i => i % 10).ToArray();
        // Two batches: the second draws new masks from the state the first moved on, on every thread count alike.
        var one = Gradients(1, inputs, labels, batches: 2, out double lossOne);
        Assert.Contains(one, g => g != 0);
        foreach (int threads in new[] { 2, 3 })
        {
            Assert.Equal(one, Gradients(threads, inputs, labels, batches: 2, out double loss));
            Assert.Equal(lossOne, loss);
        }
        // The masks really change between batches (dropout drops, and not the same units each time).
        Assert.NotEqual(one, Gradients(1, inputs, labels, batches: 1, out _));
    }
}
