using System.Buffers.Binary;

namespace NetGen.Onnx;

/// <summary>
/// An initializer as stored: its dimensions, data type and where its values lie in the file (raw_data bytes, or the
/// packed float_data / double_data fields), read only when the recipe asks for it.
/// </summary>
internal sealed class OnnxStoredTensor(byte[] file)
{
    public List<long> Dims { get; } = [];
    public int DataType { get; set; }
    public bool External { get; set; }
    /// <summary>raw_data's bytes, or the typed field's payloads (several when the field is repeated).</summary>
    public (int Offset, int Length)? Raw { get; set; }
    public List<(int Offset, int Length, int Field)> Typed { get; } = [];

    private long Count => Dims.Aggregate(1L, (p, d) => d < 0 || p > int.MaxValue ? long.MaxValue : p * d);

    /// <summary>Why the tensor cannot be the one the import read with dimensions <paramref name="dims"/>, or null.</summary>
    public string? Problem(long[] dims)
    {
        if (External) return "keeps its data in an external file (data_location EXTERNAL), which NetGen does not read";
        if (DataType is not (1 or 11)) return $"is of data type {DataType}; NetGen weights are float (1) or double (11)";
        if (!Dims.SequenceEqual(dims)) return $"has dimensions [{string.Join(",", Dims)}]; the network was imported with [{string.Join(",", dims)}]";
        long count = Count, size = DataType == 1 ? 4 : 8;
        if (count > int.MaxValue) return "has more than 2^31 elements";
        int field = DataType == 1 ? 4 : 10;
        if (Raw is not null && Typed.Count > 0) return "holds both raw_data and typed data";
        if (Typed.Any(t => t.Field != field)) return $"holds its values in another type's field than {(DataType == 1 ? "float_data" : "double_data")}";
        long bytes = Raw is { } raw ? raw.Length : Typed.Sum(t => (long)t.Length);
        if (bytes != count * size || Typed.Any(t => t.Length % size != 0)) return $"holds {bytes} bytes of values for its {count} elements of {size} bytes";
        return null;
    }

    /// <summary>The values as floats (checked by <see cref="Problem"/> first).</summary>
    public float[] Floats()
    {
        var result = new float[Count];
        int n = 0;
        void Read(int offset, int length)
        {
            for (int at = offset; at + (DataType == 1 ? 4 : 8) <= offset + length && n < result.Length; at += DataType == 1 ? 4 : 8)
                result[n++] = DataType == 1 ? BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(at)) : (float)BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan(at));
        }
        if (Raw is { } raw) Read(raw.Offset, raw.Length);
        else foreach (var t in Typed) Read(t.Offset, t.Length);
        return result;
    }
}

/// <summary>
/// The few protobuf fields the run-time loader needs (onnx.proto: ModelProto.graph 7, GraphProto.initializer 5, TensorProto
/// dims 1, data_type 2, float_data 4, name 8, raw_data 9, double_data 10, data_location 14), every other field skipped.
/// Bounded: each length is checked against the bytes left; a malformed file throws <see cref="FormatException"/>.
/// </summary>
internal static class OnnxModelScanner
{
    public static Dictionary<string, OnnxStoredTensor> Initializers(byte[] file, HashSet<string> wanted)
    {
        var found = new Dictionary<string, OnnxStoredTensor>(StringComparer.Ordinal);
        int at = 0;
        bool graph = false;
        while (at < file.Length)
        {
            var (field, wire) = Key(file, ref at, file.Length);
            if (field == 7 && wire == 2)
            {
                var (offset, length) = Payload(file, ref at, file.Length);
                Graph(file, offset, offset + length, wanted, found);
                graph = true;
            }
            else Skip(file, ref at, file.Length, wire);
        }
        if (!graph) throw new FormatException("the file has no graph");
        return found;
    }

    private static void Graph(byte[] file, int at, int end, HashSet<string> wanted, Dictionary<string, OnnxStoredTensor> found)
    {
        while (at < end)
        {
            var (field, wire) = Key(file, ref at, end);
            if (field != 5 || wire != 2)
            {
                Skip(file, ref at, end, wire);
                continue;
            }
            var (offset, length) = Payload(file, ref at, end);
            var (name, tensor) = Tensor(file, offset, offset + length);
            if (!wanted.Contains(name)) continue;
            if (!found.TryAdd(name, tensor)) throw new FormatException($"the initializer '{name}' appears twice");
        }
    }

    private static (string Name, OnnxStoredTensor Tensor) Tensor(byte[] file, int at, int end)
    {
        var t = new OnnxStoredTensor(file);
        string name = "";
        while (at < end)
        {
            var (field, wire) = Key(file, ref at, end);
            switch (field, wire)
            {
                case (1, 0): t.Dims.Add((long)Varint(file, ref at, end)); break;
                case (1, 2):
                    var (o, l) = Payload(file, ref at, end);
                    for (int p = o; p < o + l;) t.Dims.Add((long)Varint(file, ref p, o + l));
                    break;
                case (2, 0): t.DataType = (int)Varint(file, ref at, end); break;
                case (4, 2) or (10, 2):
                    var (fo, fl) = Payload(file, ref at, end);
                    t.Typed.Add((fo, fl, field));
                    break;
                case (4, 5) or (10, 1):
                    int size = wire == 5 ? 4 : 8;
                    if (end - at < size) throw new FormatException("a value runs past the end of its message");
                    t.Typed.Add((at, size, field));
                    at += size;
                    break;
                case (8, 2):
                    var (no, nl) = Payload(file, ref at, end);
                    name = System.Text.Encoding.UTF8.GetString(file, no, nl);
                    break;
                case (9, 2): t.Raw = Payload(file, ref at, end); break;
                case (14, 0): t.External = Varint(file, ref at, end) == 1; break;
                default: Skip(file, ref at, end, wire); break;
            }
            if (t.Dims.Count > 32) throw new FormatException($"a tensor has more than 32 dimensions");
        }
        return (name, t);
    }

    private static (int Field, int Wire) Key(byte[] file, ref int at, int end)
    {
        ulong key = Varint(file, ref at, end);
        if (key >> 3 == 0 || key >> 3 > int.MaxValue) throw new FormatException($"field number {key >> 3} at byte {at}");
        return ((int)(key >> 3), (int)(key & 7));
    }

    private static ulong Varint(byte[] file, ref int at, int end)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (at >= end) throw new FormatException("a number runs past the end of its message");
            byte b = file[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException($"a number longer than 10 bytes at byte {at}");
    }

    private static (int Offset, int Length) Payload(byte[] file, ref int at, int end)
    {
        ulong length = Varint(file, ref at, end);
        if (length > (ulong)(end - at)) throw new FormatException($"a field of {length} bytes at byte {at} runs past the end of its message");
        int offset = at;
        at += (int)length;
        return (offset, (int)length);
    }

    private static void Skip(byte[] file, ref int at, int end, int wire)
    {
        switch (wire)
        {
            case 0: Varint(file, ref at, end); break;
            case 1 or 5:
                int size = wire == 1 ? 8 : 4;
                if (end - at < size) throw new FormatException("a value runs past the end of its message");
                at += size;
                break;
            case 2: Payload(file, ref at, end); break;
            default: throw new FormatException($"wire type {wire} at byte {at}");
        }
    }
}
