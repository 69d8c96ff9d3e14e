using NetGen.Optimizers;

namespace NetGen.Runtime.Tests;

/// <summary>
/// clip_grad_norm_'s total norm in double (the L2 norm of every trainable gradient, scaled) against
/// <see cref="GradientClipping.TotalNorm"/>, on gradients of 77 + 2 floats (a vector body and a tail at every width),
/// the untrainable ones huge so that counting them would show.
/// </summary>
static class ClipReference
{
    const int Inputs = 10, Outputs = 7, Trainable = Outputs * (Inputs + 1);

    public static string? FirstMismatch()
    {
        var net = new FakeLinearNetwork(Inputs, Outputs);
        var random = new Random(11);
        for (int i = 0; i < net.ParameterCount; i++)
            net.Gradients[i] = i < Trainable ? (float)(random.NextDouble() * 6 - 3) : 1000f;
        const float scale = 0.125f;
        double sum = 0;
        for (int i = 0; i < Trainable; i++)
            sum += Math.Pow(scale * (double)net.Gradients[i], 2);
        double expected = Math.Sqrt(sum);
        float actual = new GradientClipping(net, 1f).TotalNorm(scale);
        return Math.Abs(actual - expected) <= 1e-6 * expected ? null : $"width {SgdReference.Width}: total norm {actual}, expected {expected}";
    }
}
