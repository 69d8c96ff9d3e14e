using System.Numerics;
using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

/// <summary>
/// SGD with momentum and weight decay in plain double, index by index, against <see cref="SgdOptimizer"/> on every
/// parameter. The trainable run is 77 long: 77 = 19*4 + 1 = 9*8 + 5 = 4*16 + 13, so each vector width the optimizer
/// can run with (Vector&lt;float&gt; of 4, 8 or 16 lanes, or none) has a vector body and a scalar tail.
/// </summary>
static class SgdReference
{
    const int Inputs = 10, Outputs = 7, Trainable = Outputs * (Inputs + 1);
    const double Rate = 0.05, Momentum = 0.9, Decay = 0.1, Scale = 0.5;

    /// <summary>The vector width this process runs the optimizer's body with (0: the scalar loop only).</summary>
    public static int Width => Vector.IsHardwareAccelerated ? Vector<float>.Count : 0;

    /// <summary>The first disagreement, or null when every index matches the reference over every step.</summary>
    public static string? FirstMismatch(int steps = 4)
    {
        var net = new FakeLinearNetwork(Inputs, Outputs);
        var random = new Random(3);
        for (int i = 0; i < net.ParameterCount; i++)
            net.Parameters[i] = (float)(random.NextDouble() * 4 - 2);
        var fixedBefore = net.Parameters[Trainable..].ToArray();
        double[] w = net.Parameters[..Trainable].ToArray().Select(p => (double)p).ToArray(), v = new double[Trainable];
        var sgd = new SgdOptimizer(net, new SgdOptions { Schedule = new ConstantSchedule((float)Rate), Momentum = (float)Momentum, WeightDecay = (float)Decay });
        if (sgd.TrainableParameterCount != Trainable)
            return $"{sgd.TrainableParameterCount} trainable parameters, expected {Trainable}";
        for (int step = 0; step < steps; step++)
        {
            // New gradients each step, of either sign and unlike the weights, so no term can stand in for another.
            var gradients = Enumerable.Range(0, net.ParameterCount).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            gradients.CopyTo(net.Gradients);
            sgd.Step((float)Scale);
            if (!net.Gradients.SequenceEqual(gradients))
                return "the step changed the gradients";
            for (int i = 0; i < Trainable; i++)
            {
                double g = Scale * gradients[i] + Decay * w[i];
                v[i] = Momentum * v[i] + g;
                w[i] -= Rate * v[i];
                if (Math.Abs(net.Parameters[i] - w[i]) > 1e-5 * (1 + Math.Abs(w[i])) || Math.Abs(sgd.Velocity[i] - v[i]) > 1e-5 * (1 + Math.Abs(v[i])))
                    return $"width {Width}, step {step}, index {i}: w {net.Parameters[i]} v {sgd.Velocity[i]}, expected w {w[i]} v {v[i]}";
            }
        }
        if (!net.Parameters[Trainable..].SequenceEqual(fixedBefore))
            return "an untrainable parameter moved";
        return null;
    }
}
