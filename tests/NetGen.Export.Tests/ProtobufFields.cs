using System.Text;

namespace NetGen.Export.Tests;

/// <summary>
/// A minimal protobuf reader for the tests, independent of the exporter's writer: the fields of one message as
/// (field number, varint value or length-delimited bytes), enough to check ir_version, opset_import and names.
/// </summary>
public sealed class ProtobufFields
{
    private readonly List<(int Field, ulong Varint, byte[]? Bytes)> _fields = [];

    public ProtobufFields(ReadOnlySpan<byte> message)
    {
        int at = 0;
        while (at < message.Length)
        {
            ulong tag = ReadVarint(message, ref at);
            int field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0: _fields.Add((field, ReadVarint(message, ref at), null)); break;
                case 1: at += 8; _fields.Add((field, 0, null)); break;
                case 2:
                    int length = checked((int)ReadVarint(message, ref at));
                    _fields.Add((field, 0, message.Slice(at, length).ToArray()));
                    at += length;
                    break;
                case 5: at += 4; _fields.Add((field, 0, null)); break;
                default: throw new FormatException($"Wire type {tag & 7} at byte {at}.");
            }
        }
    }

    public IEnumerable<long> Varints(int field) => _fields.Where(f => f.Field == field && f.Bytes is null).Select(f => (long)f.Varint);
    public IEnumerable<ProtobufFields> Messages(int field) => _fields.Where(f => f.Field == field && f.Bytes is not null).Select(f => new ProtobufFields(f.Bytes));
    public IEnumerable<byte[]> Bytes(int field) => _fields.Where(f => f.Field == field && f.Bytes is not null).Select(f => f.Bytes!);
    public IEnumerable<string> Strings(int field) => _fields.Where(f => f.Field == field && f.Bytes is not null).Select(f => Encoding.UTF8.GetString(f.Bytes!));

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
