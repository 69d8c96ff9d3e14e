namespace NetGen.Losses;

/// <summary>Softmax over logits then cross-entropy: E = logsumexp(z) - z_label; dE/dz = softmax(z) - onehot.</summary>
public sealed class SoftmaxCrossEntropyLoss : ILoss
{
    public float Compute(ReadOnlySpan<float> output, int label, Span<float> outputGradient)
    {
        LossMath.CheckArguments(output, label, outputGradient);
        // Subtracting the maximum keeps exp from overflowing.
        float max = output[LossMath.ArgMax(output)];
        double sum = 0;
        for (int k = 0; k < output.Length; k++)
            sum += Math.Exp(output[k] - max);
        double logSum = Math.Log(sum);
        for (int k = 0; k < output.Length; k++)
            outputGradient[k] = (float)Math.Exp(output[k] - max - logSum) - (k == label ? 1f : 0f);
        return (float)(logSum - (output[label] - max));
    }

    public int Predict(ReadOnlySpan<float> output) => LossMath.ArgMax(output);
}
