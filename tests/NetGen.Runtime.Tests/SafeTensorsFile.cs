using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace NetGen.Runtime.Tests;

/// <summary>Reads and writes safetensors files as a JSON header and raw data, for tests that build or doctor one.</summary>
static class SafeTensorsFile
{
    public static (JsonObject Header, byte[] Data) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return (JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, length))!.AsObject(), bytes[(8 + length)..]);
    }

    public static void Write(string path, JsonObject header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Changes the header of the file at <paramref name="path"/> in place, keeping its data.</summary>
    public static void Edit(string path, Action<JsonObject> edit)
    {
        var (header, data) = Read(path);
        edit(header);
        Write(path, header, data);
    }

    /// <summary>A header entry as PyTorch's writer makes one.</summary>
    public static JsonObject Entry(string dtype, int[] shape, long begin, long end) => new()
    {
        ["dtype"] = dtype,
        ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
        ["data_offsets"] = new JsonArray(begin, end),
    };
}
