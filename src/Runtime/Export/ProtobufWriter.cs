using System.Buffers.Binary;
using System.Text;

namespace NetGen.Export;

/// <summary>
/// The few protobuf wire-format primitives the ONNX messages need: varints, length-delimited fields (strings,
/// bytes, nested messages) and little-endian raw float/int64 payloads. Fields are written in the order the caller
/// gives; nested messages are written into their own writer first so their length can precede them.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireFixed32 = 5;
    private const int WireLengthDelimited = 2;

    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Writes the bytes to <paramref name="stream"/>.</summary>
    public void CopyTo(Stream stream) => stream.Write(_buffer, 0, _length);

    /// <summary>An int32/int64/enum field (two's complement varint, so negatives take ten bytes as protobuf requires).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint((ulong)value);
    }

    /// <summary>A float field (fixed32, little-endian).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
        _length += 4;
    }

    /// <summary>A string field, UTF-8.</summary>
    public void WriteString(int field, string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
        _length += count;
    }

    /// <summary>A bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
        _length += value.Length;
    }

    /// <summary>A bytes field holding the floats little-endian (ONNX <c>raw_data</c>).</summary>
    public void WriteRawFloats(int field, ReadOnlySpan<float> values)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)values.Length * 4);
        var target = Reserve(values.Length * 4);
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(target.Slice(4 * i, 4), values[i]);
        _length += values.Length * 4;
    }

    /// <summary>A bytes field holding the int64s little-endian (ONNX <c>raw_data</c>).</summary>
    public void WriteRawInt64s(int field, ReadOnlySpan<long> values)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)values.Length * 8);
        var target = Reserve(values.Length * 8);
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(target.Slice(8 * i, 8), values[i]);
        _length += values.Length * 8;
    }

    /// <summary>An embedded message field: <paramref name="write"/> fills a fresh writer whose bytes follow their length.</summary>
    public void WriteMessage<T>(int field, T message, Action<T, ProtobufWriter> write)
    {
        var nested = new ProtobufWriter();
        write(message, nested);
        WriteBytes(field, nested._buffer.AsSpan(0, nested._length));
    }

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((uint)field << 3 | (uint)wireType));

    private void WriteVarint(ulong value)
    {
        var target = Reserve(10);
        int n = 0;
        while (value >= 0x80)
        {
            target[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        target[n++] = (byte)value;
        _length += n;
    }

    /// <summary>Room for <paramref name="count"/> more bytes; the caller advances <see cref="_length"/>.</summary>
    private Span<byte> Reserve(int count)
    {
        long needed = (long)_length + count;
        if (needed > Array.MaxLength)
            throw new InvalidOperationException("The ONNX model exceeds the 2 GB protobuf limit; NetGen does not write external data.");
        if (needed > _buffer.Length)
            Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _buffer.Length)));
        return _buffer.AsSpan(_length, count);
    }
}
