using System.Text;
using System.Text.Json;
using System.Runtime.CompilerServices;
using NetGen.Generator.Onnx;

[assembly: InternalsVisibleTo("NetGen.Generator.Tests")]

namespace NetGen.Samples.Eject;

/// <summary>
/// Writes tensors in the safetensors format (an 8-byte little-endian header length, a JSON header naming each tensor's
/// dtype F32, shape and byte range, then the data) that NetGen's <c>SafeTensors.Load</c> reads by name. No architecture
/// entry: the declaration the user edits decides it. Written atomically (a temporary file renamed over the target).
/// </summary>
static class SafeTensorsFile
{
    public static void Write(string path, IReadOnlyList<EjectedTensor> tensors)
    {
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        long offset = 0;
        foreach (var t in tensors)
        {
            long bytes = 4L * t.Data.Length;
            header[t.Name] = new { dtype = "F32", shape = t.Shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header);
        // The header is padded with spaces to a multiple of 8, as the reference writer does.
        int padded = (json.Length + 7) / 8 * 8;
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var length = new byte[8];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                stream.Write(length);
                stream.Write(json);
                for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
                foreach (var t in tensors)
                    WriteLittleEndian(stream, t.Data);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);   // nothing half written stays behind
            throw;
        }
    }

    /// <summary>The floats as little-endian bytes: in one write where the machine is little-endian.</summary>
    static void WriteLittleEndian(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var buffer = new byte[4];
        foreach (float v in data)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(buffer, v);
            stream.Write(buffer);
        }
    }
}

/// <summary>Default names.</summary>
static class Names
{
    /// <summary>A C# class name from the file name: "resnet-18.onnx" gives Resnet18.</summary>
    public static string ClassName(string path)
    {
        var name = new StringBuilder();
        bool upper = true;
        foreach (char ch in Path.GetFileNameWithoutExtension(path))
        {
            if (!char.IsAsciiLetterOrDigit(ch)) { upper = true; continue; }
            name.Append(upper ? char.ToUpperInvariant(ch) : ch);
            upper = false;
        }
        return name.Length > 0 && char.IsAsciiLetter(name[0]) ? name.ToString() : "Model" + name;
    }
}
