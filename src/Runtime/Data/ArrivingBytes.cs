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
    /// Reads until <paramref name="count"/> bytes or the end of <paramref name="stream"/>, whichever comes first, and
    /// returns exactly the bytes read: a result shorter than <paramref name="count"/> means the stream ended early.
    /// Allocates at most about three times the bytes read (plus 64 KB), never <paramref name="count"/> up front.
    /// </summary>
    public static byte[] ReadUpTo(Stream stream, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        // A seekable stream tells how much it really holds, so a truthful file is read into one exact buffer.
        long first = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : FirstBuffer;
        var buffer = new byte[Math.Min(count, first)];
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (filled == count)
                    return buffer;
                Array.Resize(ref buffer, (int)Math.Min(count, Math.Max(FirstBuffer, 2L * buffer.Length)));
            }
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
                return filled == buffer.Length ? buffer : buffer[..filled];
            filled += read;
        }
    }
}
