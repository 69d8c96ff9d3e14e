using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

/// <summary>
/// PyTorch's Adam/AdamW formulas (torch.optim.Adam, torch.optim.AdamW: L2 or decoupled decay, bias corrections, eps
/// after the square root, amsgrad) in plain double, index by index, against <see cref="AdaptiveMomentOptimizer"/> on
/// every parameter over several steps. The trainable run is 77 long, so every vector width (4, 8, 16 lanes or none)
/// has a vector body and a scalar tail. The gradients shrink from step to step, so eps (1e-3 in two cases) weighs in
/// and amsgrad's maximum differs from the current second moment.
/// </summary>
static class AdamReference
{
    const int Inputs = 10, Outputs = 7, Trainable = Outputs * (Inputs + 1);
    const double Scale = 0.5;

    public sealed record Case(string Name, bool Decoupled, bool AmsGrad, double Beta1, double Beta2, double Epsilon, double WeightDecay, float Rate);

    /// <summary>L2 decay with lerp's small-weight rule; decoupled decay with amsgrad and the large-weight rule (beta1 &lt; 0.5); amsgrad with a tiny eps.</summary>
    public static readonly Case[] Cases =
    [
        new("adam, L2 0.1", false, false, 0.9, 0.999, 1e-3, 0.1, 0.05f),
        new("adamw 0.1, amsgrad, beta1 0.3", true, true, 0.3, 0.95, 1e-3, 0.1, 0.05f),
        new("adam, amsgrad", false, true, 0.8, 0.99, 1e-8, 0, 0.01f),
    ];

    static AdaptiveMomentOptimizer Create(INetwork net, Case c)
    {
        var schedule = new ConstantSchedule(c.Rate);
        return c.Decoupled
            ? new AdamWOptimizer(net, new AdamWOptions { Schedule = schedule, Beta1 = c.Beta1, Beta2 = c.Beta2, Epsilon = c.Epsilon, WeightDecay = c.WeightDecay, AmsGrad = c.AmsGrad })
            : new AdamOptimizer(net, new AdamOptions { Schedule = schedule, Beta1 = c.Beta1, Beta2 = c.Beta2, Epsilon = c.Epsilon, WeightDecay = c.WeightDecay, AmsGrad = c.AmsGrad });
    }

    /// <summary>The first disagreement over every case, or null.</summary>
    public static string? FirstMismatch(int steps = 5) => Cases.Select(c => FirstMismatch(c, steps)).FirstOrDefault(m => m is not null);

    public static string? FirstMismatch(Case c, int steps)
    {
        var net = new FakeLinearNetwork(Inputs, Outputs);
        var random = new Random(7);
        for (int i = 0; i < net.ParameterCount; i++)
            net.Parameters[i] = (float)(random.NextDouble() * 4 - 2);
        var fixedBefore = net.Parameters[Trainable..].ToArray();
        double[] w = net.Parameters[..Trainable].ToArray().Select(p => (double)p).ToArray();
        double[] m = new double[Trainable], v = new double[Trainable], vmax = new double[Trainable];
        var adam = Create(net, c);
        if (adam.TrainableParameterCount != Trainable)
            return $"{c.Name}: {adam.TrainableParameterCount} trainable parameters, expected {Trainable}";
        double lr = c.Rate, magnitude = 1;
        for (int t = 1; t <= steps; t++, magnitude *= 0.3)
        {
            var gradients = Enumerable.Range(0, net.ParameterCount).Select(_ => (float)((random.NextDouble() * 2 - 1) * magnitude)).ToArray();
            gradients.CopyTo(net.Gradients);
            adam.Step((float)Scale);
            if (!net.Gradients.SequenceEqual(gradients))
                return $"{c.Name}: the step changed the gradients";
            if (adam.Steps != t)
                return $"{c.Name}: {adam.Steps} steps counted after {t}";
            double correction1 = 1 - Math.Pow(c.Beta1, t), correction2 = 1 - Math.Pow(c.Beta2, t);
            for (int i = 0; i < Trainable; i++)
            {
                double g = Scale * gradients[i];
                if (!c.Decoupled)
                    g += c.WeightDecay * w[i];
                else
                    w[i] *= 1 - lr * c.WeightDecay;
                m[i] = c.Beta1 * m[i] + (1 - c.Beta1) * g;
                v[i] = c.Beta2 * v[i] + (1 - c.Beta2) * g * g;
                vmax[i] = Math.Max(vmax[i], v[i]);
                double second = c.AmsGrad ? vmax[i] : v[i];
                w[i] -= lr / correction1 * m[i] / (Math.Sqrt(second) / Math.Sqrt(correction2) + c.Epsilon);
                string where = $"{c.Name}, width {SgdReference.Width}, step {t}, index {i}";
                if (Math.Abs(net.Parameters[i] - w[i]) > 2e-6 * (1 + Math.Abs(w[i])))
                    return $"{where}: parameter {net.Parameters[i]}, expected {w[i]}";
                if (Math.Abs(adam.ExpAvg[i] - m[i]) > 2e-6 * Math.Abs(m[i]) + 1e-7)
                    return $"{where}: exp_avg {adam.ExpAvg[i]}, expected {m[i]}";
                if (Math.Abs(adam.ExpAvgSq[i] - v[i]) > 2e-6 * v[i] + 1e-12)
                    return $"{where}: exp_avg_sq {adam.ExpAvgSq[i]}, expected {v[i]}";
                if (c.AmsGrad && Math.Abs(adam.MaxExpAvgSq[i] - vmax[i]) > 2e-6 * vmax[i] + 1e-12)
                    return $"{where}: max_exp_avg_sq {adam.MaxExpAvgSq[i]}, expected {vmax[i]}";
            }
        }
        if (!net.Parameters[Trainable..].SequenceEqual(fixedBefore))
            return $"{c.Name}: an untrainable parameter moved";
        if (adam.ExpAvg[Trainable..].ToArray().Any(x => x != 0) || adam.ExpAvgSq[Trainable..].ToArray().Any(x => x != 0))
            return $"{c.Name}: an untrainable parameter has moments";
        return null;
    }
}
