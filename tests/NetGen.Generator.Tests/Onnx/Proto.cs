namespace NetGen.Generator.Tests.Onnx;

/// <summary>Hand-made protobuf bytes for hostile cases: tags, varints and length-delimited fields, any of them wrong.</summary>
static class Proto
{
    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        } while (value != 0);
        return bytes.ToArray();
    }

    public static byte[] Tag(int field, int wire) => Varint(((ulong)field << 3) | (uint)wire);

    public static byte[] Int(int field, long value) => [.. Tag(field, 0), .. Varint((ulong)value)];

    public static byte[] Bytes(int field, params byte[][] parts)
    {
        byte[] body = parts.SelectMany(p => p).ToArray();
        return [.. Tag(field, 2), .. Varint((ulong)body.Length), .. body];
    }

    public static byte[] Text(int field, string text) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A ModelProto with ir_version 8, opset 13 and the given graph fields.</summary>
    public static byte[] ModelFile(params byte[][] graphFields) => [.. Int(1, 8), .. Bytes(8, Int(2, 13)), .. Bytes(7, graphFields)];

    /// <summary>A graph field holding one initializer made of the given TensorProto fields.</summary>
    public static byte[] Initializer(params byte[][] tensorFields) => Bytes(5, tensorFields);
}
