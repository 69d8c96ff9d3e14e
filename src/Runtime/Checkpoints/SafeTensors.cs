using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using NetGen.Data;

namespace NetGen.Checkpoints;

/// <summary>
/// Checkpoints in the safetensors format, so weights move to and from PyTorch: an 8-byte little-endian header
/// length, a JSON header naming each tensor (<c>{"C1.weight": {"dtype": "F32", "shape": [6,1,5,5],
/// "data_offsets": [begin, end]}, "__metadata__": {"architecture": ...}}</c>), then the raw little-endian tensors.
/// Tensor names and shapes come from <see cref="INetwork.ParameterTensors"/> and <see cref="INetwork.StateTensors"/>.
/// </summary>
public static class SafeTensors
{
    /// <summary>A header longer than this is refused (a real one is a few kilobytes).</summary>
    public const long MaxHeaderBytes = 100L << 20;
    public const string MetadataKey = "__metadata__";
    public const string ArchitectureKey = "architecture";

    /// <summary>Saves with the network's own <see cref="INetwork.Architecture"/> in the metadata.</summary>
    public static void Save(INetwork network, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(network, path, network.Architecture, metadata);

    /// <summary>Loads, requiring the file's architecture to equal the network's <see cref="INetwork.Architecture"/>.</summary>
    public static IReadOnlyDictionary<string, string> Load(INetwork network, string path) =>
        Load(network, path, network.Architecture);

    /// <summary>
    /// Writes the network's parameters to <paramref name="path"/> atomically: into a temporary file in the same folder,
    /// flushed, then renamed over the target, so a crash never leaves a half-written checkpoint under the real name.
    /// <paramref name="metadata"/> adds string entries (epoch, test error, ...) beside the architecture.
    /// </summary>
    public static void Save(INetwork network, string path, string architecture, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = AllTensors(network);
        byte[] header = BuildHeader(tensors, architecture, metadata);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                int parameterTensors = network.ParameterTensors.Count;
                for (int k = 0; k < tensors.Count; k++)
                {
                    var t = tensors[k];
                    WriteFloats(stream, (k < parameterTensors ? network.Parameters : network.State).Slice(t.Offset, t.Length));
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    static byte[] BuildHeader(IReadOnlyList<ParameterTensor> tensors, string architecture, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            json.WriteString(ArchitectureKey, architecture);
            if (metadata is not null)
                foreach (var (key, value) in metadata.Where(kv => kv.Key != ArchitectureKey).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var t in tensors)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += 4L * t.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // Pad with spaces to a multiple of 8 so the tensors are aligned (as the reference writer does).
        while (buffer.Length % 8 != 0)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    /// <summary>
    /// Loads parameters saved by <c>Save</c> (or by PyTorch's safetensors with the same names) into
    /// <paramref name="network"/>. Refuses, with a <see cref="CheckpointException"/> naming the file and the problem,
    /// any file whose header is oversized or malformed, whose architecture metadata differs from
    /// <paramref name="architecture"/>, whose tensor names, dtypes or shapes differ from the network's, or whose
    /// offsets do not tile the data exactly, or whose header is not well-formed Unicode JSON. Everything is read and
    /// checked before the network is touched, and quoted file content in a message has its control characters
    /// escaped. Returns the metadata entries.
    /// </summary>
    /// <exception cref="CheckpointException">the file is not a checkpoint of this network; it is left unchanged.</exception>
    /// <exception cref="FileNotFoundException">there is no file at <paramref name="path"/>.</exception>
    public static IReadOnlyDictionary<string, string> Load(INetwork network, string path, string architecture)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: checkpoint not found.", path);
        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new CheckpointException(path, $"only {fileLength} bytes: too short for the 8-byte header length.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointException(path, $"header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes.");
        if ((long)headerLength > fileLength - 8)
            throw new CheckpointException(path, $"header length {headerLength} runs past the end of the {fileLength}-byte file.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);

        var (metadata, entries) = ParseHeader(path, header);
        CheckArchitecture(path, metadata, architecture);
        long dataLength = fileLength - 8 - (long)headerLength;
        var tensors = AllTensors(network);
        CheckTensors(path, tensors, entries, dataLength);

        // Read into scratch buffers; the network is only written once the whole file has been read.
        var values = new float[network.ParameterCount];
        var state = new float[network.State.Length];
        var bytes = new byte[dataLength];
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
            throw new CheckpointException(path, "the file became shorter while it was read.");
        int parameterTensors = network.ParameterTensors.Count;
        for (int k = 0; k < tensors.Count; k++)
        {
            var t = tensors[k];
            var source = bytes.AsSpan((int)entries[t.Name].Begin, 4 * t.Length);
            var target = (k < parameterTensors ? values : state).AsSpan(t.Offset, t.Length);
            for (int i = 0; i < target.Length; i++)
                target[i] = BinaryPrimitives.ReadSingleLittleEndian(source.Slice(4 * i, 4));
        }
        values.CopyTo(network.Parameters);
        state.CopyTo(network.State);
        return metadata;
    }

    /// <summary>The parameter tensors, then the state tensors (batch norm's running statistics), as the file holds them.</summary>
    static IReadOnlyList<ParameterTensor> AllTensors(INetwork network) => [.. network.ParameterTensors, .. network.StateTensors];

    sealed record Entry(string DType, long[] Shape, long Begin, long End);

    static (Dictionary<string, string> Metadata, Dictionary<string, Entry> Entries) ParseHeader(string path, byte[] header)
    {
        CheckText(path, header);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the header is not valid JSON ({Printable.Escape(e.Message)}).", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CheckpointException(path, $"the header is a JSON {root.ValueKind}, not an object.");
            var metadata = new Dictionary<string, string>();
            var entries = new Dictionary<string, Entry>();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (property.Value.ValueKind != JsonValueKind.Object)
                        throw new CheckpointException(path, "__metadata__ is not an object.");
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw new CheckpointException(path, $"metadata entry '{Printable.Escape(m.Name)}' is not a string.");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                if (entries.ContainsKey(property.Name))
                    throw new CheckpointException(path, $"tensor '{Printable.Escape(property.Name)}' appears twice in the header.");
                entries[property.Name] = ParseEntry(path, property);
            }
            return (metadata, entries);
        }
    }

    /// <summary>
    /// Refuses a header that is not well-formed Unicode JSON before anything is read from it: invalid UTF-8, or a
    /// string escape that decodes to a lone surrogate (JSON allows <c>"\ud800"</c>, a .NET string cannot hold it
    /// as text, and System.Text.Json throws InvalidOperationException on reading it). After this every name and
    /// string in the header decodes.
    /// </summary>
    static void CheckText(string path, byte[] header)
    {
        if (!Utf8.IsValid(header))
            throw new CheckpointException(path, "the header is not valid UTF-8.");
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped)
                    reader.GetString();
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the header is not valid JSON ({Printable.Escape(e.Message)}).", e);
        }
        catch (InvalidOperationException e)
        {
            throw new CheckpointException(path, $"the header holds a string escape that is not valid Unicode near byte {reader.TokenStartIndex} (a lone surrogate).", e);
        }
    }

    static Entry ParseEntry(string path, JsonProperty property)
    {
        string name = Printable.Escape(property.Name);   // for messages only
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
            throw new CheckpointException(path, $"tensor '{name}': its header entry is not an object.");
        if (!value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new CheckpointException(path, $"tensor '{name}' has no dtype string.");
        if (!value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
            throw new CheckpointException(path, $"tensor '{name}' has no shape array.");
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw new CheckpointException(path, $"tensor '{name}' has no data_offsets pair.");
        var dims = new long[shape.GetArrayLength()];
        int k = 0;
        foreach (var d in shape.EnumerateArray())
            dims[k++] = d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out long v) && v >= 0
                ? v : throw new CheckpointException(path, $"tensor '{name}' has an invalid shape entry {Printable.Escape(d.GetRawText())}.");
        long[] pair = new long[2];
        k = 0;
        foreach (var o in offsets.EnumerateArray())
            pair[k++] = o.ValueKind == JsonValueKind.Number && o.TryGetInt64(out long v) && v >= 0
                ? v : throw new CheckpointException(path, $"tensor '{name}' has an invalid data offset {Printable.Escape(o.GetRawText())}.");
        return new Entry(dtype.GetString()!, dims, pair[0], pair[1]);
    }

    static void CheckArchitecture(string path, Dictionary<string, string> metadata, string architecture)
    {
        if (!metadata.TryGetValue(ArchitectureKey, out var found))
            throw new CheckpointException(path, "has no 'architecture' entry in __metadata__, so it cannot be matched to this network.");
        if (found != architecture)
            throw new CheckpointException(path, $"architecture mismatch: the file holds '{Printable.Escape(found)}', this network is '{Printable.Escape(architecture)}'.");
    }

    static void CheckTensors(string path, IReadOnlyList<ParameterTensor> expected, Dictionary<string, Entry> entries, long dataLength)
    {
        var expectedNames = expected.Select(t => t.Name).ToHashSet();
        var missing = expected.Where(t => !entries.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        if (missing.Count > 0)
            throw new CheckpointException(path, $"missing tensor(s) {string.Join(", ", missing)}.");
        var unexpected = entries.Keys.Where(n => !expectedNames.Contains(n)).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new CheckpointException(path, $"unexpected tensor(s) {Printable.Escape(string.Join(", ", unexpected))} that this network does not have.");
        foreach (var t in expected)
        {
            var e = entries[t.Name];
            if (e.DType != "F32")
                throw new CheckpointException(path, $"tensor '{t.Name}' has dtype {Printable.Escape(e.DType)}, expected F32.");
            if (!e.Shape.SequenceEqual(t.Shape.Select(d => (long)d)))
                throw new CheckpointException(path, $"tensor '{t.Name}' has shape [{string.Join(",", e.Shape)}], this network expects [{string.Join(",", t.Shape)}].");
            if (e.End < e.Begin || e.End - e.Begin != 4L * t.Length)
                throw new CheckpointException(path, $"tensor '{t.Name}' has data_offsets [{e.Begin},{e.End}], which do not span its {4L * t.Length} bytes.");
            if (e.End > dataLength)
                throw new CheckpointException(path, $"tensor '{t.Name}' ends at byte {e.End} of the data, but the file holds only {dataLength} data bytes (truncated?).");
        }
        // The tensors must tile the data exactly: no gaps, no overlaps, nothing after the last.
        long next = 0;
        foreach (var e in entries.Values.OrderBy(e => e.Begin))
        {
            if (e.Begin != next)
                throw new CheckpointException(path, $"tensor data is not contiguous: expected a tensor at byte {next}, found one at {e.Begin}.");
            next = e.End;
        }
        if (next != dataLength)
            throw new CheckpointException(path, $"the tensors cover {next} data bytes but the file holds {dataLength}.");
    }
}
