namespace NetGen.Samples.DigitApp;

/// <summary>A request body read into memory, or why it could not be: the status code and a short reason.</summary>
public sealed record RequestBody(byte[]? Bytes, int StatusCode, string Problem)
{
    /// <summary>
    /// Reads the body, but never more than <paramref name="maxBytes"/>. Every way the read can fail ends here as a
    /// result, never as an exception left to Kestrel (which would log it as unhandled): a body over the cap (400),
    /// Kestrel's own refusals such as a bad chunk size (400) or a body sent too slowly (408), a connection reset
    /// mid-body (400) and a request aborted (499); the last two reach nobody.
    /// </summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellation)
    {
        var buffer = new byte[maxBytes + 1];
        int length = 0;
        try
        {
            while (length < buffer.Length)
            {
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellation);
                if (read == 0)
                    return new RequestBody(buffer[..length], StatusCodes.Status200OK, "");
                length += read;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (set to the same cap) tripped first; same answer as our own cap below.
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return Gone;
        }
        catch (IOException e)
        {
            // BadHttpRequestException carries Kestrel's code: malformed framing 400, the minimum data rate 408.
            // Kestrel throws a plain IOException for some framing errors (a chunk size that overflows), and
            // ConnectionResetException when the client hangs up: 400, which a client that left never gets.
            int status = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return new RequestBody(null, status, $"the body could not be read ({e.Message})");
        }
        // Over the cap: the rest stays unread; Kestrel closes the connection rather than drain a large body.
        return new RequestBody(null, StatusCodes.Status400BadRequest, $"the body is larger than {maxBytes} bytes");
    }

    /// <summary>The client went away before its body arrived; the answer is for the log's sake only.</summary>
    static readonly RequestBody Gone = new(null, 499, "the client closed the connection");
}
