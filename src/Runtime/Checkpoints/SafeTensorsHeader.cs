using System.Text.Json;
using System.Text.Unicode;
using NetGen.Data;

namespace NetGen.Checkpoints;

/// <summary>
/// Reads a safetensors header (the JSON after the length) into its metadata and tensor entries, refusing anything
/// malformed with a <see cref="CheckpointException"/> whose quotes of the file are escaped.
/// </summary>
static class SafeTensorsHeader
{
    /// <summary>One tensor as the header declares it; offsets are relative to the start of the data.</summary>
    internal sealed record Entry(string DType, long[] Shape, long Begin, long End);

    public static (Dictionary<string, string> Metadata, Dictionary<string, Entry> Entries) Parse(string path, byte[] header)
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
                if (property.Name == SafeTensors.MetadataKey)
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
}
