using System;
using System.Collections.Generic;
using System.Text;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Reads the protobuf wire format over one message's bytes: tags, varints, fixed32/fixed64 and length-delimited
    /// fields (strings, bytes, nested messages, packed repeated scalars). Every length is checked against the bytes
    /// that remain before anything is allocated, so a hostile length costs nothing; a malformed field throws
    /// <see cref="OnnxFormatException"/> with its byte offset in the file.
    /// </summary>
    internal sealed class ProtoReader
    {
        public const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;

        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly byte[] _data;
        private readonly int _end;
        private int _position;

        public ProtoReader(byte[] data) : this(data, 0, data.Length) { }

        private ProtoReader(byte[] data, int start, int end)
        {
            _data = data;
            _position = start;
            _end = end;
        }

        /// <summary>The current offset in the whole file, for messages.</summary>
        public int Position => _position;

        /// <summary>Reads the next tag; false at the end of this message.</summary>
        public bool Next(out int field, out int wire)
        {
            field = wire = 0;
            if (_position >= _end)
                return false;
            int at = _position;
            ulong tag = ReadVarint();
            wire = (int)(tag & 7);
            ulong number = tag >> 3;
            if (number == 0 || number > 536_870_911)
                throw new OnnxFormatException($"a field number of {number} at byte {at} (protobuf numbers are 1 to 2^29-1)");
            field = (int)number;
            return true;
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 70; shift += 7)
            {
                if (_position >= _end)
                    throw new OnnxFormatException($"a varint runs past the end of its message at byte {_position}");
                byte b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }
            throw new OnnxFormatException($"a varint longer than ten bytes ends at byte {_position}");
        }

        public long ReadInt64(int wire, string what)
        {
            Expect(wire, WireVarint, what);
            return (long)ReadVarint();
        }

        /// <summary>An int32 or enum: negative values arrive sign-extended to 64 bits; out-of-range values are refused.</summary>
        public int ReadInt32(int wire, string what)
        {
            long value = ReadInt64(wire, what);
            if (value < int.MinValue || value > int.MaxValue)
                throw new OnnxFormatException($"{what} holds {value}, which is not a 32-bit value (byte {_position})");
            return (int)value;
        }

        public float ReadFloat(int wire, string what)
        {
            Expect(wire, WireFixed32, what);
            Need(4, what);
            float value = Single(_data, _position);
            _position += 4;
            return value;
        }

        /// <summary>The bytes of a length-delimited field, not copied.</summary>
        public ArraySegment<byte> ReadBytes(int wire, string what)
        {
            Expect(wire, WireLengthDelimited, what);
            int at = _position;
            ulong length = ReadVarint();
            if (length > (ulong)(_end - _position))
                throw new OnnxFormatException($"{what} at byte {at} claims {length} bytes, but its message has {_end - _position} left");
            var bytes = new ArraySegment<byte>(_data, _position, (int)length);
            _position += (int)length;
            return bytes;
        }

        public string ReadString(int wire, string what)
        {
            var bytes = ReadBytes(wire, what);
            try
            {
                return StrictUtf8.GetString(bytes.Array!, bytes.Offset, bytes.Count);
            }
            catch (ArgumentException)
            {
                throw new OnnxFormatException($"{what} at byte {bytes.Offset} is not valid UTF-8");
            }
        }

        public ProtoReader ReadMessage(int wire, string what)
        {
            var bytes = ReadBytes(wire, what);
            return new ProtoReader(_data, bytes.Offset, bytes.Offset + bytes.Count);
        }

        /// <summary>A repeated int64 field, packed (one length-delimited run) or not (one varint per element).</summary>
        public void ReadInt64s(int wire, string what, List<long> into)
        {
            if (wire == WireVarint)
            {
                into.Add((long)ReadVarint());
                return;
            }
            var packed = ReadMessage(wire, what);
            while (packed._position < packed._end)
                into.Add((long)packed.ReadVarint());
        }

        /// <summary>A repeated float field, packed (a multiple of four bytes) or not (one fixed32 per element).</summary>
        public void ReadFloats(int wire, string what, List<float> into)
        {
            if (wire == WireFixed32)
            {
                into.Add(ReadFloat(wire, what));
                return;
            }
            var bytes = ReadBytes(wire, what);
            if (bytes.Count % 4 != 0)
                throw new OnnxFormatException($"{what} at byte {bytes.Offset} holds {bytes.Count} bytes, not a whole number of floats");
            for (int i = 0; i < bytes.Count; i += 4)
                into.Add(Single(bytes.Array!, bytes.Offset + i));
        }

        /// <summary>A repeated double field, packed or not.</summary>
        public void ReadDoubles(int wire, string what, List<double> into)
        {
            if (wire == WireFixed64)
            {
                Need(8, what);
                into.Add(Double(_data, _position));
                _position += 8;
                return;
            }
            var bytes = ReadBytes(wire, what);
            if (bytes.Count % 8 != 0)
                throw new OnnxFormatException($"{what} at byte {bytes.Offset} holds {bytes.Count} bytes, not a whole number of doubles");
            for (int i = 0; i < bytes.Count; i += 8)
                into.Add(Double(bytes.Array!, bytes.Offset + i));
        }

        /// <summary>Steps over a field this reader does not use (groups, deprecated since proto2, are refused).</summary>
        public void Skip(int wire)
        {
            int at = _position;
            switch (wire)
            {
                case WireVarint: ReadVarint(); break;
                case WireFixed64: Need(8, "a fixed64 field"); _position += 8; break;
                case WireLengthDelimited: ReadBytes(wire, "a field"); break;
                case WireFixed32: Need(4, "a fixed32 field"); _position += 4; break;
                default: throw new OnnxFormatException($"wire type {wire} at byte {at} (groups and unknown wire types are not ONNX)");
            }
        }

        private void Expect(int wire, int expected, string what)
        {
            if (wire != expected)
                throw new OnnxFormatException($"{what} at byte {_position} has wire type {wire}, not {expected}");
        }

        private void Need(int count, string what)
        {
            if (_end - _position < count)
                throw new OnnxFormatException($"{what} at byte {_position} runs past the end of its message");
        }

        /// <summary>A little-endian float at <paramref name="offset"/> (the wire's byte order, whatever the host's).</summary>
        public static float Single(byte[] data, int offset) =>
            BitConverter.IsLittleEndian ? BitConverter.ToSingle(data, offset) : BitConverter.ToSingle(Reversed(data, offset, 4), 0);

        public static double Double(byte[] data, int offset) =>
            BitConverter.IsLittleEndian ? BitConverter.ToDouble(data, offset) : BitConverter.ToDouble(Reversed(data, offset, 8), 0);

        public static long Int64(byte[] data, int offset) =>
            BitConverter.IsLittleEndian ? BitConverter.ToInt64(data, offset) : BitConverter.ToInt64(Reversed(data, offset, 8), 0);

        public static int Int32(byte[] data, int offset) =>
            BitConverter.IsLittleEndian ? BitConverter.ToInt32(data, offset) : BitConverter.ToInt32(Reversed(data, offset, 4), 0);

        private static byte[] Reversed(byte[] data, int offset, int count)
        {
            var bytes = new byte[count];
            Array.Copy(data, offset, bytes, 0, count);
            Array.Reverse(bytes);
            return bytes;
        }
    }

    /// <summary>A file that is not a well-formed ONNX protobuf; the message says what and where.</summary>
    internal sealed class OnnxFormatException : Exception
    {
        public OnnxFormatException(string message) : base(message) { }
    }
}
