namespace NetGen.Losses;

/// <summary>
/// The negative log-likelihood of log-probabilities, PyTorch's <c>nll_loss</c> (ONNX's NegativeLogLikelihoodLoss) for
/// a network that ends in <c>[LogSoftmax]</c>: E = -y_label; dE/dy = -1 at the label, 0 elsewhere. Together with the
/// log-softmax this is softmax cross-entropy on the log-softmax's input.
/// </summary>
public sealed class NllLoss : ILoss
{
    public float Compute(ReadOnlySpan<float> output, int label, Span<float> outputGradient)
    {
        LossMath.CheckArguments(output, label, outputGradient);
        outputGradient[..output.Length].Clear();
        outputGradient[label] = -1f;
        return -output[label];
    }

    public int Predict(ReadOnlySpan<float> output) => LossMath.ArgMax(output);
}
