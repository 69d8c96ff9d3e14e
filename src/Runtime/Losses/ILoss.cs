namespace NetGen.Losses;

/// <summary>A per-sample loss on a network's output for a class label.</summary>
public interface ILoss
{
    /// <summary>Returns the loss and WRITES dE/doutput into <paramref name="outputGradient"/> (same length as the output).</summary>
    float Compute(ReadOnlySpan<float> output, int label, Span<float> outputGradient);

    /// <summary>The class the output predicts.</summary>
    int Predict(ReadOnlySpan<float> output);
}

/// <summary>Shared helpers for losses.</summary>
public static class LossMath
{
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }

    public static int ArgMin(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] < values[best])
                best = i;
        return best;
    }

    internal static void CheckArguments(ReadOnlySpan<float> output, int label, Span<float> outputGradient)
    {
        if ((uint)label >= (uint)output.Length)
            throw new ArgumentOutOfRangeException(nameof(label), $"Label {label} is not an output index (0..{output.Length - 1}).");
        if (outputGradient.Length < output.Length)
            throw new ArgumentException("The gradient span is shorter than the output.", nameof(outputGradient));
    }
}
