using System.Buffers.Binary;
using System.IO.Compression;

namespace NetGen.Data;

/// <summary>An IDX tensor of unsigned bytes: its dimensions and its data, row-major.</summary>
public sealed record IdxTensor(int[] Dimensions, byte[] Data)
{
    public int Count => Dimensions[0];
}

/// <summary>
/// Reads IDX files (LeCun's MNIST format), raw or gzip-compressed (detected by content, not by name).
/// Everything is validated before anything is returned: magic, element type 0x08 (unsigned byte),
/// the expected number of dimensions, positive sizes and an exact payload length.
/// </summary>
public static class IdxFile
{
    /// <summary>Refuses payloads beyond this, so a hostile header cannot make us allocate without limit.</summary>
    public const long MaxPayloadBytes = 1L << 30;

    const byte UnsignedByteType = 0x08;

    /// <summary>
    /// Reads an IDX file with exactly <paramref name="expectedDimensions"/> dimensions (1 for labels, 3 for images).
    /// Memory follows the bytes the file really holds: a gzip file is inflated into a buffer that grows as data
    /// arrives (<see cref="ArrivingBytes"/>), so a short file whose header claims a gigabyte costs what it holds.
    /// </summary>
    /// <exception cref="DataFormatException">the file is not a valid IDX file of that shape (nothing is returned).</exception>
    /// <exception cref="FileNotFoundException">there is no file at <paramref name="path"/>.</exception>
    public static IdxTensor Read(string path, int expectedDimensions)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: IDX file not found.", path);
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> probe = stackalloc byte[2];
            int got = file.ReadAtLeast(probe, 2, throwOnEndOfStream: false);
            file.Position = 0;
            bool gzip = got == 2 && probe[0] == 0x1f && probe[1] == 0x8b;
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            return ReadStream(stream, path, expectedDimensions, gzip ? null : file.Length);
        }
        catch (InvalidDataException e)
        {
            // GZipStream's own complaint about a corrupt stream, given the file's name.
            throw new DataFormatException(path, $"corrupt gzip data ({e.Message})", e);
        }
    }

    /// <summary>Reads the labels of an IDX1 file.</summary>
    public static byte[] ReadLabels(string path) => Read(path, 1).Data;

    static IdxTensor ReadStream(Stream stream, string path, int expectedDimensions, long? rawLength)
    {
        Span<byte> head = stackalloc byte[4];
        if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
            throw new DataFormatException(path, "too short for an IDX header (needs 4 bytes of magic number).");
        if (head[0] != 0 || head[1] != 0)
            throw new DataFormatException(path, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(head):X8}: an IDX file starts with two zero bytes.");
        if (head[2] != UnsignedByteType)
            throw new DataFormatException(path, $"element type 0x{head[2]:X2} is not supported (expected 0x08, unsigned byte).");
        int dims = head[3];
        if (dims != expectedDimensions)
            throw new DataFormatException(path, $"has {dims} dimensions, expected {expectedDimensions}.");

        Span<byte> sizes = stackalloc byte[4 * dims];
        if (stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false) < sizes.Length)
            throw new DataFormatException(path, $"truncated header: {dims} dimension sizes announced but not all present.");
        var dimensions = new int[dims];
        long payload = 1;
        for (int d = 0; d < dims; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizes.Slice(4 * d, 4));
            if (size == 0 || size > int.MaxValue)
                throw new DataFormatException(path, $"dimension {d} has invalid size {size}.");
            dimensions[d] = (int)size;
            payload *= size;
            if (payload > MaxPayloadBytes)
                throw new DataFormatException(path, $"declared payload exceeds {MaxPayloadBytes} bytes.");
        }

        long headerLength = 4 + 4L * dims;
        if (rawLength is long length && length != headerLength + payload)
        {
            string what = length < headerLength + payload ? "truncated" : "has trailing bytes";
            throw new DataFormatException(path, $"{what}: dimensions [{string.Join(",", dimensions)}] need {headerLength + payload} bytes, the file has {length}.");
        }

        // Gzip hides the real length: allocate as the data arrives, not as the header claims.
        var data = ArrivingBytes.ReadExactly(stream, (int)payload, out int available)
            ?? throw new DataFormatException(path, $"truncated: dimensions [{string.Join(",", dimensions)}] need {payload} data bytes, only {available} present.");
        if (stream.ReadByte() >= 0)
            throw new DataFormatException(path, $"has trailing bytes after the {payload} data bytes of dimensions [{string.Join(",", dimensions)}].");
        return new IdxTensor(dimensions, data);
    }
}
