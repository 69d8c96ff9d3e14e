namespace NetGen.Losses;

/// <summary>
/// The mean squared error of a reconstruction, for autoencoders: E = 1/n sum_k (y_k - t_k)^2 over the n output
/// values y and a target t of the same length (usually the input image itself), so E is the per-pixel MSE that
/// papers report, whatever the image size. dE/dy_k = 2 (y_k - t_k) / n. Unlike <see cref="ILoss"/> it takes a
/// target per sample instead of a class label; <see cref="NetGen.Batching.BatchRunner"/> runs it over batches.
/// Stateless, so one instance can serve every thread.
/// </summary>
public sealed class ReconstructionLoss
{
    /// <summary>Returns the MSE and WRITES dE/doutput into <paramref name="outputGradient"/>.</summary>
    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> outputGradient)
    {
        Check(output, target);
        if (outputGradient.Length < output.Length)
            throw new ArgumentException("The gradient span is shorter than the output.", nameof(outputGradient));
        float scale = 2f / output.Length;
        double sum = 0;
        for (int k = 0; k < output.Length; k++)
        {
            float diff = output[k] - target[k];
            outputGradient[k] = scale * diff;
            sum += diff * diff;
        }
        return (float)(sum / output.Length);
    }

    /// <summary>The MSE alone (for evaluation).</summary>
    public float Compute(ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        Check(output, target);
        double sum = 0;
        for (int k = 0; k < output.Length; k++)
        {
            float diff = output[k] - target[k];
            sum += diff * diff;
        }
        return (float)(sum / output.Length);
    }

    static void Check(ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        if (output.IsEmpty)
            throw new ArgumentException("The output is empty.", nameof(output));
        if (target.Length != output.Length)
            throw new ArgumentException($"The target holds {target.Length} floats, the output {output.Length}.", nameof(target));
    }
}
