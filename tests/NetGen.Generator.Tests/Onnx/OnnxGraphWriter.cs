namespace NetGen.Generator.Tests.Onnx;

/// <summary>
/// Writes small ONNX models in C# from a readable description (nodes, initializers, one input, one output), as
/// torch.onnx.export lays them out, so the importer's tests need neither Python nor fixture files. Field numbers are
/// onnx/onnx.proto's.
/// </summary>
sealed class OnnxGraphWriter(int opset = 13)
{
    readonly List<byte[]> _graph = [];
    readonly Random _random = new(5);
    int _nodes;

    /// <summary>A float input; a null dimension is the symbolic batch size "N".</summary>
    public OnnxGraphWriter Input(string name, params long?[] dims)
    {
        _graph.Add(Proto.Bytes(11, ValueInfo(name, 1, dims)));
        return this;
    }

    /// <summary>The float output; a null dimension is "N".</summary>
    public OnnxGraphWriter Output(string name, params long?[] dims)
    {
        _graph.Add(Proto.Bytes(12, ValueInfo(name, 1, dims)));
        return this;
    }

    /// <summary>A float initializer with the given values, or seeded random ones in [-1, 1).</summary>
    public OnnxGraphWriter Floats(string name, long[] dims, float[]? values = null)
    {
        long count = dims.Aggregate(1L, (p, d) => p * d);
        values ??= Enumerable.Range(0, (int)count).Select(_ => (float)(_random.NextDouble() * 2 - 1)).ToArray();
        _graph.Add(Proto.Initializer(FloatTensor(name, dims, values)));
        return this;
    }

    /// <summary>A batch norm's statistics-friendly initializer: values in [0.5, 1.5) (a variance must be positive).</summary>
    public OnnxGraphWriter Positive(string name, long count) =>
        Floats(name, [count], Enumerable.Range(0, (int)count).Select(_ => (float)(0.5 + _random.NextDouble())).ToArray());

    /// <summary>An initializer from its TensorProto fields as given (hostile or unusual tensors).</summary>
    public OnnxGraphWriter Raw(byte[] tensorFields)
    {
        _graph.Add(Proto.Initializer(tensorFields));
        return this;
    }

    public OnnxGraphWriter Int64s(string name, params long[] values)
    {
        _graph.Add(Proto.Initializer([.. Dims([values.Length]), .. Proto.Int(2, 7), .. Proto.Text(8, name), .. Proto.Bytes(9, values.SelectMany(BitConverter.GetBytes).ToArray())]));
        return this;
    }

    /// <summary>A node; attributes as <see cref="Ints"/>, <see cref="Int"/>, <see cref="Float"/>, <see cref="Text"/>, <see cref="Tensor"/>.</summary>
    public OnnxGraphWriter Node(string op, string[] inputs, string[] outputs, params byte[][] attributes)
    {
        var fields = new List<byte>();
        foreach (var i in inputs) fields.AddRange(Proto.Text(1, i));
        foreach (var o in outputs) fields.AddRange(Proto.Text(2, o));
        fields.AddRange(Proto.Text(3, $"/{op}_{_nodes++}"));
        fields.AddRange(Proto.Text(4, op));
        foreach (var a in attributes) fields.AddRange(Proto.Bytes(5, a));
        _graph.Add(Proto.Bytes(1, fields.ToArray()));
        return this;
    }

    public OnnxGraphWriter Node(string op, string input, string output, params byte[][] attributes) => Node(op, [input], [output], attributes);

    /// <summary>A node named as torch.onnx names it: its module's scope and its operator, numbered after the first ("/layer1/layer1.0/conv1/Conv", ".../Mul_1").</summary>
    public OnnxGraphWriter Scoped(string scope, string name, string[] inputs, string[] outputs, params byte[][] attributes)
    {
        string op = name.Split('_')[0];
        var fields = new List<byte>();
        foreach (var i in inputs) fields.AddRange(Proto.Text(1, i));
        foreach (var o in outputs) fields.AddRange(Proto.Text(2, o));
        fields.AddRange(Proto.Text(3, $"{scope}/{name}"));
        fields.AddRange(Proto.Text(4, op));
        foreach (var a in attributes) fields.AddRange(Proto.Bytes(5, a));
        _graph.Add(Proto.Bytes(1, fields.ToArray()));
        _nodes++;
        return this;
    }

    public static byte[] Ints(string name, params long[] values) =>
        [.. Proto.Text(1, name), .. values.SelectMany(v => Proto.Int(8, v)), .. Proto.Int(20, 7)];

    public static byte[] Int(string name, long value) => [.. Proto.Text(1, name), .. Proto.Int(3, value), .. Proto.Int(20, 2)];

    public static byte[] Float(string name, float value) => [.. Proto.Text(1, name), .. Proto.Tag(2, 5), .. BitConverter.GetBytes(value), .. Proto.Int(20, 1)];

    public static byte[] Text(string name, string value) => [.. Proto.Text(1, name), .. Proto.Text(4, value), .. Proto.Int(20, 3)];

    public static byte[] Tensor(string name, byte[] tensor) => [.. Proto.Text(1, name), .. Proto.Bytes(5, tensor), .. Proto.Int(20, 4)];

    public static byte[] FloatTensor(string name, long[] dims, float[] values) =>
        [.. Dims(dims), .. Proto.Int(2, 1), .. Proto.Text(8, name), .. Proto.Bytes(9, values.SelectMany(BitConverter.GetBytes).ToArray())];

    public static byte[] Int64Tensor(long[] dims, long[] values) =>
        [.. Dims(dims), .. Proto.Int(2, 7), .. Proto.Bytes(9, values.SelectMany(BitConverter.GetBytes).ToArray())];

    static byte[] Dims(long[] dims) => dims.SelectMany(d => Proto.Int(1, d)).ToArray();

    static byte[] ValueInfo(string name, int elemType, long?[]? dims)
    {
        byte[] tensorType = Proto.Int(1, elemType);
        if (dims is not null)
            tensorType = [.. tensorType, .. Proto.Bytes(2, dims.Select(d => Proto.Bytes(1, d is { } v ? Proto.Int(1, v) : Proto.Text(2, "N"))).ToArray())];
        return [.. Proto.Text(1, name), .. Proto.Bytes(2, Proto.Bytes(1, tensorType))];
    }

    /// <summary>The ModelProto: IR version 8, the default domain at the writer's opset, producer "pytorch" as torch.onnx writes.</summary>
    public byte[] Build() =>
        [.. Proto.Int(1, 8), .. Proto.Text(2, "pytorch"), .. Proto.Bytes(8, Proto.Int(2, opset)), .. Proto.Bytes(7, [.. _graph, Proto.Text(2, "main_graph")])];
}
