namespace NetGen.Losses;

/// <summary>
/// E = 1/2 sum_k (t_k - y_k)^2 with targets <see cref="On"/> for the label and <see cref="Off"/> elsewhere.
/// With tanh-like outputs, +1/-1 targets (the default) sit inside the range, where the slope is still useful.
/// </summary>
public sealed class SquaredErrorLoss(float on = 1f, float off = -1f) : ILoss
{
    public float On { get; } = on;
    public float Off { get; } = off;

    public float Compute(ReadOnlySpan<float> output, int label, Span<float> outputGradient)
    {
        LossMath.CheckArguments(output, label, outputGradient);
        float sum = 0;
        for (int k = 0; k < output.Length; k++)
        {
            float diff = output[k] - (k == label ? On : Off);
            outputGradient[k] = diff;
            sum += diff * diff;
        }
        return 0.5f * sum;
    }

    public int Predict(ReadOnlySpan<float> output) => LossMath.ArgMax(output);
}
