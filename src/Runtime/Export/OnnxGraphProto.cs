namespace NetGen.Export;

/// <summary>ONNX <c>GraphProto</c>: nodes in topological order, initializers, one input and one output.</summary>
internal sealed class OnnxGraphProto(string name, string docString)
{
    private const int FieldNode = 1, FieldName = 2, FieldInitializer = 5, FieldDocString = 10, FieldInput = 11, FieldOutput = 12;

    public string Name { get; } = name;
    public List<OnnxNodeProto> Nodes { get; } = [];
    public List<OnnxTensorProto> Initializers { get; } = [];
    public List<OnnxValueInfoProto> Inputs { get; } = [];
    public List<OnnxValueInfoProto> Outputs { get; } = [];

    public void WriteTo(ProtobufWriter writer)
    {
        foreach (var node in Nodes) writer.WriteMessage(FieldNode, node, static (n, w) => n.WriteTo(w));
        writer.WriteString(FieldName, Name);
        foreach (var tensor in Initializers) writer.WriteMessage(FieldInitializer, tensor, static (t, w) => t.WriteTo(w));
        if (docString.Length > 0) writer.WriteString(FieldDocString, docString);
        foreach (var input in Inputs) writer.WriteMessage(FieldInput, input, static (v, w) => v.WriteTo(w));
        foreach (var output in Outputs) writer.WriteMessage(FieldOutput, output, static (v, w) => v.WriteTo(w));
    }
}

/// <summary>One dimension of a graph input or output: a fixed size, or a symbolic name (<c>dim_param</c>) when Symbol is set.</summary>
internal readonly record struct OnnxDimension(long Size, string? Symbol = null)
{
    public static implicit operator OnnxDimension(int size) => new(size);
}

/// <summary>ONNX <c>ValueInfoProto</c> of a float tensor: its name and shape.</summary>
internal sealed class OnnxValueInfoProto(string name, OnnxDimension[] dims)
{
    // ValueInfoProto.name/type; TypeProto.tensor_type; TypeProto.Tensor.elem_type/shape; TensorShapeProto.dim;
    // TensorShapeProto.Dimension.dim_value/dim_param.
    private const int FieldName = 1, FieldType = 2, FieldTensorType = 1, FieldElemType = 1, FieldShape = 2, FieldDim = 1;
    private const int FieldDimValue = 1, FieldDimParam = 2;

    public string Name { get; } = name;
    public OnnxDimension[] Dims { get; } = dims;

    public void WriteTo(ProtobufWriter writer)
    {
        writer.WriteString(FieldName, Name);
        writer.WriteMessage(FieldType, Dims, static (dims, type) =>
            type.WriteMessage(FieldTensorType, dims, static (dims, tensor) =>
            {
                tensor.WriteInt64(FieldElemType, OnnxTensorProto.Float);
                tensor.WriteMessage(FieldShape, dims, static (dims, shape) =>
                {
                    foreach (var d in dims)
                        shape.WriteMessage(FieldDim, d, static (d, dim) =>
                        {
                            if (d.Symbol is not null) dim.WriteString(FieldDimParam, d.Symbol);
                            else dim.WriteInt64(FieldDimValue, d.Size);
                        });
                });
            }));
    }
}
