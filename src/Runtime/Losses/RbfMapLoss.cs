namespace NetGen.Losses;

/// <summary>
/// LeCun et al. (1998), eq. 9: the MAP criterion on RBF outputs (squared distances to class centres, smaller is
/// better): E = y_label + log(e^-j + sum_i e^-y_i). The first term pulls the right class's distance down; the second
/// pushes the others up, but only while they are small: once every e^-y_i is well below e^-j the log term is flat,
/// which stops the penalties from being pushed up without end. The paper only asks j to be positive; 0.1 is our
/// default. Computed as a stable log-sum-exp; dE/dy_i = [i = label] - e^-y_i / (e^-j + sum_k e^-y_k).
/// </summary>
public sealed class RbfMapLoss(float j = 0.1f) : ILoss
{
    public float J { get; } = j > 0 ? j : throw new ArgumentOutOfRangeException(nameof(j), "j must be positive.");

    public float Compute(ReadOnlySpan<float> output, int label, Span<float> outputGradient)
    {
        LossMath.CheckArguments(output, label, outputGradient);
        // log-sum-exp over the terms {-j, -y_0, ..., -y_n-1}, shifted by their maximum.
        double max = -J;
        for (int k = 0; k < output.Length; k++)
            max = Math.Max(max, -output[k]);
        double sum = Math.Exp(-J - max);
        for (int k = 0; k < output.Length; k++)
            sum += Math.Exp(-output[k] - max);
        double logSum = max + Math.Log(sum);
        for (int k = 0; k < output.Length; k++)
            outputGradient[k] = (k == label ? 1f : 0f) - (float)Math.Exp(-output[k] - logSum);
        return (float)(output[label] + logSum);
    }

    /// <summary>The class with the smallest distance.</summary>
    public int Predict(ReadOnlySpan<float> output) => LossMath.ArgMin(output);
}
