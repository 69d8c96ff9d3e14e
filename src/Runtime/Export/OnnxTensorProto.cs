namespace NetGen.Export;

/// <summary>
/// ONNX <c>TensorProto</c> for initializers: a name, dims and the data as little-endian <c>raw_data</c>
/// (float or int64 only, the two element types the exporter needs).
/// </summary>
internal sealed class OnnxTensorProto
{
    /// <summary>ONNX <c>TensorProto.DataType.FLOAT</c>.</summary>
    public const int Float = 1;
    /// <summary>ONNX <c>TensorProto.DataType.INT64</c>.</summary>
    public const int Int64 = 7;

    private const int FieldDims = 1, FieldDataType = 2, FieldName = 8, FieldRawData = 9;

    private readonly float[]? _floats;
    private readonly long[]? _int64s;

    private OnnxTensorProto(string name, long[] dims, float[]? floats, long[]? int64s)
    {
        long count = 1;
        foreach (long d in dims) count *= d;
        if (count != (floats?.Length ?? int64s!.Length))
            throw new ArgumentException($"Tensor {name}: dims [{string.Join(",", dims)}] hold {count} elements, data has {floats?.Length ?? int64s!.Length}.");
        Name = name;
        Dims = dims;
        _floats = floats;
        _int64s = int64s;
    }

    public string Name { get; }
    public long[] Dims { get; }

    public static OnnxTensorProto FromFloats(string name, long[] dims, float[] data) => new(name, dims, data, null);
    public static OnnxTensorProto FromInt64s(string name, long[] dims, long[] data) => new(name, dims, null, data);

    public void WriteTo(ProtobufWriter writer)
    {
        foreach (long d in Dims) writer.WriteInt64(FieldDims, d);
        writer.WriteInt64(FieldDataType, _floats is not null ? Float : Int64);
        writer.WriteString(FieldName, Name);
        if (_floats is not null) writer.WriteRawFloats(FieldRawData, _floats);
        else writer.WriteRawInt64s(FieldRawData, _int64s!);
    }
}
