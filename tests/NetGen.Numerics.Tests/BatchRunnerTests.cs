using NetGen.Batching;
using NetGen.Losses;
using NetGen.Samples.LeNet5;

namespace NetGen.Numerics.Tests;

/// <summary>Data-parallel batches: the same numbers as one thread, deterministic, and no allocation per call.</summary>
public class BatchRunnerTests
{
    private const int Batch = 9;   // not a multiple of the thread count: uneven slices

    internal static (float[] Inputs, int[] Labels) Data()
    {
        var inputs = TestNetworks.RandomVector(Batch * LeNet5.InputLength, seed: 31);
        var labels = Enumerable.Range(0, Batch).Select(i => i % 10).ToArray();
        return (inputs, labels);
    }

    private static float[] Gradients(int threads, float[] inputs, int[] labels, out double loss)
    {
        var primary = new LeNet5(seed: 5);
        using var runner = new BatchRunner(primary, () => new LeNet5(seed: 99), threads);
        loss = runner.AccumulateGradients(inputs, labels, new RbfMapLoss());
        return primary.Gradients.ToArray();
    }

    [Fact]
    public void Every_thread_count_gives_the_same_gradients_bit_for_bit()
    {
        var (inputs, labels) = Data();
        var one = Gradients(1, inputs, labels, out double lossOne);
        Assert.Contains(one, g => g != 0);
        foreach (int threads in new[] { 2, 3, 4 })
        {
            Assert.Equal(one, Gradients(threads, inputs, labels, out double loss));
            Assert.Equal(lossOne, loss);
        }
    }

    [Fact]
    public void Gradients_are_the_per_sample_loop_summed_by_chunks()
    {
        var (inputs, labels) = Data();
        var net = new LeNet5(seed: 5);
        var output = new float[10];
        var outputGradient = new float[10];
        var loss = new RbfMapLoss();
        var expected = new float[LeNet5.ParameterCount];
        for (int start = 0; start < Batch; start += BatchRunner.SamplesPerChunk)
        {
            net.Gradients.Clear();
            for (int s = start; s < Math.Min(Batch, start + BatchRunner.SamplesPerChunk); s++)
            {
                net.Forward(inputs.AsSpan(s * LeNet5.InputLength, LeNet5.InputLength), output);
                loss.Compute(output, labels[s], outputGradient);
                net.Backward(outputGradient);
            }
            for (int i = 0; i < expected.Length; i++) expected[i] += net.Gradients[i];
        }
        Assert.Equal(expected, Gradients(1, inputs, labels, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Forward_batch_equals_forward_per_sample(int threads)
    {
        var (inputs, _) = Data();
        var primary = new LeNet5(seed: 5);
        using var runner = new BatchRunner(primary, () => new LeNet5(seed: 99), threads);
        var outputs = new float[Batch * LeNet5.OutputLength];
        runner.Forward(inputs, outputs);
        var single = new float[LeNet5.OutputLength];
        for (int s = 0; s < Batch; s++)
        {
            primary.Forward(inputs.AsSpan(s * LeNet5.InputLength, LeNet5.InputLength), single);
            Assert.Equal(single, outputs.AsSpan(s * LeNet5.OutputLength, LeNet5.OutputLength).ToArray());
        }
    }

    [Fact]
    public void Mismatched_sizes_are_refused()
    {
        using var runner = new BatchRunner(new LeNet5());
        Assert.Throws<ArgumentException>(() => runner.Forward(new float[LeNet5.InputLength + 1], new float[10]));
        Assert.Throws<ArgumentException>(() => runner.AccumulateGradients(new float[LeNet5.InputLength], new int[2], new RbfMapLoss()));
        Assert.Throws<ArgumentException>(() => new BatchRunner(new LeNet5(), null, threads: 2));
    }
}

/// <summary>Allocation is measured process-wide (the workers are other threads), so this runs outside the parallel tests.</summary>
[Collection(nameof(AllocationMeasurement))]
public class BatchRunnerAllocationTests
{
    private const int Batch = 9;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_training_step_allocates_nothing(int threads)
    {
        var (inputs, labels) = BatchRunnerTests.Data();
        var primary = new LeNet5(seed: 5);
        using var runner = new BatchRunner(primary, () => new LeNet5(seed: 99), threads);
        var loss = new RbfMapLoss();
        var outputs = new float[Batch * LeNet5.OutputLength];
        // Warm up past tiered compilation (call counting and re-JIT allocate once) and the pool's first waits.
        var until = DateTime.UtcNow.AddSeconds(1.5);
        while (DateTime.UtcNow < until)
        {
            runner.AccumulateGradients(inputs, labels, loss);
            runner.Forward(inputs, outputs);
        }
        // Measured process-wide (the workers are other threads), where the test runner also allocates now and then:
        // a real per-call allocation would show in every window, so one clean window out of several proves none.
        long fewest = long.MaxValue;
        for (int window = 0; window < 30 && fewest > 0; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10; i++)
            {
                runner.AccumulateGradients(inputs, labels, loss);
                runner.Forward(inputs, outputs);
            }
            fewest = Math.Min(fewest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.Equal(0, fewest);
    }
}

[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public class AllocationMeasurement { }
