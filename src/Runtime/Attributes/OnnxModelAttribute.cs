namespace NetGen;

/// <summary>
/// Compiles an ONNX model into the network: <paramref name="path"/> names a <c>.onnx</c> file that the project lists as
/// <c>&lt;AdditionalFiles Include="..." /&gt;</c>. At build time the generator reads the graph, maps each operator onto
/// NetGen's layers (Conv, BatchNormalization, pools, Gemm or MatMul + Add, LRN, Softmax and LogSoftmax, PRelu, every
/// NetGen activation whether one operator or the formula exporters write, such as GELU's Erf; Add of two values and Concat
/// on the maps as joins, so ResNet, Inception and SqueezeNet graphs import; Flatten, Dropout, Identity, Constant and the
/// shape arithmetic of <c>x.view(x.size(0), -1)</c> are folded) and embeds the initializers as the weights, so
/// <c>Pretrained()</c> returns the trained network. samples/Eject prints the equivalent attribute declaration. Use it instead of [Network] and the
/// layer attributes. Whatever NetGen cannot express is a diagnostic on this attribute naming the node, its operator
/// and the unsupported value. Weights above 64 MB are not embedded: the architecture is imported and a warning says so.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnnxModelAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
