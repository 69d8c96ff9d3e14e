using System;
using System.Collections.Generic;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// A <c>TensorProto</c>: name, element type, dimensions and its data, checked to hold exactly as many elements as
    /// the dimensions say. <c>raw_data</c> is kept as a view of the file's bytes (not copied); the typed repeated fields
    /// are decoded as read, each element costing no more memory than a few times its bytes in the file.
    /// </summary>
    internal sealed class OnnxTensor
    {
        /// <summary>The <c>TensorProto.DataType</c> values an importer converts; the others keep their number.</summary>
        public const int Float = 1, Uint8 = 2, Int8 = 3, Int32 = 6, Int64 = 7, String = 8, Bool = 9, Double = 11;

        /// <summary>More dimensions than any operator takes; also bounds what a hostile file can make the reader hold.</summary>
        public const int MaxRank = 32;

        public string Name { get; set; } = "";
        public int DataType { get; set; }
        public List<long> Dims { get; } = new();
        /// <summary>The product of <see cref="Dims"/> (checked against overflow when the tensor is read).</summary>
        public long ElementCount { get; private set; }
        public ArraySegment<byte>? RawData { get; set; }
        public List<float> FloatData { get; } = new();
        public List<long> Int32Data { get; } = new();
        public List<long> Int64Data { get; } = new();
        public List<double> DoubleData { get; } = new();
        public List<long> Uint64Data { get; } = new();
        public int StringCount { get; set; }
        /// <summary><c>data_location = EXTERNAL</c>: the data lives in another file, which an importer refuses.</summary>
        public bool External { get; set; }

        /// <summary>Bytes per element of the fixed-size types, 0 for strings, -1 for 4-bit types (two per byte).</summary>
        public static int ElementBytes(int dataType) => dataType switch
        {
            1 or 6 or 12 => 4,                   // FLOAT, INT32, UINT32
            2 or 3 or 9 or 17 or 18 or 19 or 20 => 1, // UINT8, INT8, BOOL, FLOAT8 variants
            4 or 5 or 10 or 16 => 2,             // UINT16, INT16, FLOAT16, BFLOAT16
            7 or 11 or 13 or 14 => 8,            // INT64, DOUBLE, UINT64, COMPLEX64
            15 => 16,                            // COMPLEX128
            21 or 22 or 23 => -1,                // UINT4, INT4, FLOAT4E2M1
            _ => 0,
        };

        /// <summary>Checks the dimensions and that the data holds exactly <see cref="ElementCount"/> elements.</summary>
        public void Check()
        {
            if (Dims.Count > MaxRank)
                throw new OnnxFormatException($"tensor '{Name}' has {Dims.Count} dimensions (at most {MaxRank} are read)");
            long count = 1;
            foreach (long d in Dims)
            {
                if (d < 0)
                    throw new OnnxFormatException($"tensor '{Name}' has a negative dimension ({d})");
                if (d > 0 && count > int.MaxValue / d)
                    throw new OnnxFormatException($"tensor '{Name}' has dimensions [{string.Join(", ", Dims)}]: more than 2^31 elements");
                count *= d;
            }
            ElementCount = count;
            if (External)
                return;
            long typed = FloatData.Count + Int32Data.Count + Int64Data.Count + DoubleData.Count + Uint64Data.Count + StringCount;
            if (RawData is { } raw)
            {
                if (typed > 0)
                    throw new OnnxFormatException($"tensor '{Name}' holds both raw_data and typed data");
                int size = ElementBytes(DataType);
                if (size == 0)
                    throw new OnnxFormatException($"tensor '{Name}' of data type {DataType} cannot hold raw_data");
                long expected = size > 0 ? count * size : (count + 1) / 2;
                if (raw.Count != expected)
                    throw new OnnxFormatException($"tensor '{Name}' has {raw.Count} bytes of raw_data; its {count} elements of data type {DataType} take {expected}");
                return;
            }
            if (typed == 0 && count == 0)
                return;
            long values = TypedValues(count);
            if (typed != values)
                throw new OnnxFormatException($"tensor '{Name}' holds {typed} values for {count} elements of data type {DataType} (expected {values})");
        }

        /// <summary>How many values of the typed field that data type uses hold <paramref name="count"/> elements.</summary>
        private long TypedValues(long count) => DataType switch
        {
            14 or 15 => 2 * count,         // complex: real and imaginary parts
            21 or 22 or 23 => (count + 1) / 2,
            _ => count,
        };

        /// <summary>The data as floats (FLOAT and DOUBLE tensors only; null for other types or external data).</summary>
        public float[]? ToFloats()
        {
            if (External || (DataType != Float && DataType != Double))
                return null;
            var result = new float[ElementCount];
            if (RawData is { } raw)
            {
                for (int i = 0; i < result.Length; i++)
                    result[i] = DataType == Float ? ProtoReader.Single(raw.Array!, raw.Offset + 4 * i) : (float)ProtoReader.Double(raw.Array!, raw.Offset + 8 * i);
                return result;
            }
            // Check counts the typed fields together: a mutant may hold its values in another type's field.
            if ((DataType == Float ? FloatData.Count : DoubleData.Count) < result.Length)
                return null;
            for (int i = 0; i < result.Length; i++)
                result[i] = DataType == Float ? FloatData[i] : (float)DoubleData[i];
            return result;
        }

        /// <summary>The data as integers (INT64, INT32, INT8, UINT8 and BOOL tensors only; null otherwise).</summary>
        public long[]? ToInt64s()
        {
            int size = DataType switch { Int64 => 8, Int32 => 4, Int8 or Uint8 or Bool => 1, _ => 0 };
            if (External || size == 0)
                return null;
            var result = new long[ElementCount];
            if (RawData is null && (DataType == Int64 ? Int64Data.Count : Int32Data.Count) < result.Length)
                return null;
            for (int i = 0; i < result.Length; i++)
            {
                if (RawData is not { } raw)
                    result[i] = DataType == Int64 ? Int64Data[i] : Int32Data[i];
                else
                {
                    int at = raw.Offset + size * i;
                    result[i] = size == 8 ? ProtoReader.Int64(raw.Array!, at) : size == 4 ? ProtoReader.Int32(raw.Array!, at)
                        : DataType == Int8 ? (sbyte)raw.Array![at] : raw.Array![at];
                }
            }
            return result;
        }
    }
}
