using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

public class SgdOptimizerTests
{
    static FakeLinearNetwork Net()
    {
        var net = new FakeLinearNetwork();
        for (int i = 0; i < net.ParameterCount; i++)
        {
            net.Parameters[i] = 1f + i;
            net.Gradients[i] = 0.5f * (i + 1);
        }
        return net;
    }

    [Fact]
    public void PlainStepIsMinusRateTimesScaledGradient()
    {
        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(0.1f) });
        sgd.Step(gradientScale: 0.5f);
        for (int i = 0; i < 15; i++)
            Assert.Equal(1f + i - 0.1f * 0.5f * 0.5f * (i + 1), net.Parameters[i], 6);
    }

    [Fact]
    public void UntrainableParametersAreNeverTouched()
    {
        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(0.1f), Momentum = 0.9f, WeightDecay = 0.01f });
        sgd.Step();
        sgd.Step();
        Assert.Equal(15, sgd.TrainableParameterCount);
        Assert.Equal(16f, net.Parameters[15]);
        Assert.Equal(17f, net.Parameters[16]);
    }

    [Fact]
    public void MomentumAndWeightDecayFollowTheDocumentedRule()
    {
        var net = Net();
        const float lr = 0.05f, mu = 0.9f, decay = 0.01f;
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule(lr), Momentum = mu, WeightDecay = decay });
        // Parameter 3: w = 4, g = 2.
        double w = 4, v = 0;
        for (int step = 0; step < 3; step++)
        {
            sgd.Step();
            double g = 2 + decay * w;
            v = mu * v + g;
            w -= lr * v;
            Assert.Equal(w, net.Parameters[3], 5);
        }
        Assert.Equal(v, sgd.Velocity[3], 5);
        Assert.Equal(2f, net.Gradients[3]); // the optimizer does not clear gradients
    }

    [Fact]
    public void StepDoesNotAllocate()
    {
        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Momentum = 0.9f });
        sgd.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            sgd.Step(0.1f);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void SchedulesGiveTheRatePerEpoch()
    {
        var step = new StepSchedule(0.1f, 0.5f, 2);
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f, 0.025f], Enumerable.Range(0, 5).Select(step.Rate));
        var list = PerEpochSchedule.Runs((0.01f, 2), (0.005f, 1));
        Assert.Equal([0.01f, 0.01f, 0.005f, 0.005f], Enumerable.Range(0, 4).Select(list.Rate));

        var net = Net();
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = list });
        sgd.SetEpoch(2);
        Assert.Equal(0.005f, sgd.LearningRate);
        sgd.Step();
        Assert.Equal(1f - 0.005f * 0.5f, net.Parameters[0], 6);
    }
}
