namespace NetGen.Data;

/// <summary>
/// Reads the payload a header announced without trusting the announcement: the buffer grows only as bytes actually
/// arrive (doubling, capped at the announced count), so a short file that claims a gigabyte costs what it holds.
/// </summary>
public static class ArrivingBytes
{
    /// <summary>The first buffer for a stream whose length is unknown (a decompressor).</summary>
    const int FirstBuffer = 64 * 1024;

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes of <paramref name="stream"/> into a new array, or returns null when
    /// the stream ends first, with <paramref name="available"/> the bytes it held. Allocates at most three times the
    /// bytes that arrived when all do, four times when the stream ends early (plus 64 KB), never
    /// <paramref name="count"/> up front.
    /// </summary>
    public static byte[]? ReadExactly(Stream stream, int count, out int available)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        // A seekable stream tells how much it really holds, so a truthful file is read into one exact buffer.
        long first = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : FirstBuffer;
        var buffer = new byte[Math.Min(count, first)];
        available = 0;
        while (true)
        {
            if (available == buffer.Length)
            {
                if (available == count)
                    return buffer;
                if (stream.CanSeek && stream.Position >= stream.Length)
                    return null;
                Array.Resize(ref buffer, (int)Math.Min(count, Math.Max(FirstBuffer, 2L * buffer.Length)));
            }
            int read = stream.Read(buffer, available, buffer.Length - available);
            if (read == 0)
                return null;
            available += read;
        }
    }
}
