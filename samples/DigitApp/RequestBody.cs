namespace NetGen.Samples.DigitApp;

/// <summary>Reads a request body into memory, but never more than a cap.</summary>
public static class RequestBody
{
    /// <summary>The body's bytes, or null when it holds more than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellation)
    {
        var buffer = new byte[maxBytes + 1];
        int length = 0;
        try
        {
            while (length < buffer.Length)
            {
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0)
                    return buffer[..length];
                length += read;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (set to the same cap) tripped first.
        }
        // Over the cap: the rest stays unread; Kestrel closes the connection rather than drain a large body.
        return null;
    }
}
