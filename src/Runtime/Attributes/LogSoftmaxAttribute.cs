namespace NetGen;

/// <summary>
/// Log-softmax over the flattened input, <c>y_i = x_i - log(sum_j e^x_j)</c> (PyTorch's <c>nn.LogSoftmax(dim=1)</c>,
/// ONNX's <c>LogSoftmax(axis=1)</c> on the flattened [N, n] input), computed stably (shifted by the maximum). Must be
/// the last layer; train it with <see cref="Losses.NllLoss"/> (the pair is softmax cross-entropy on its input).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LogSoftmaxAttribute : LayerAttribute
{
}
