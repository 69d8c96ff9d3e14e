using System.Net.Sockets;
using System.Text;

namespace NetGen.DigitApp.Tests;

/// <summary>
/// HTTP/1.1 requests written byte by byte on a loopback socket, for what HttpClient will not send: broken chunk
/// framing, bodies that trickle in, connections dropped mid-body.
/// </summary>
public static class RawHttp
{
    /// <summary>A POST to /api/classify with the given extra header lines (each ending in CRLF); the body follows.</summary>
    public static byte[] Head(Uri server, string headers) =>
        Encoding.ASCII.GetBytes($"POST /api/classify HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\n{headers}\r\n");

    /// <summary>
    /// Sends <paramref name="parts"/> with <paramref name="pause"/> between them, then reads the response's status
    /// code; null when the server closed the connection without one. Gives up (throws) after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<int?> SendAsync(Uri server, IEnumerable<byte[]> parts, TimeSpan pause, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        var reading = ReadStatusAsync(stream, cancel.Token);
        try
        {
            foreach (var part in parts)
            {
                if (reading.IsCompleted)
                    break;   // the server answered (and may close) before the body was all sent
                await stream.WriteAsync(part, cancel.Token);
                if (pause > TimeSpan.Zero)
                    await Task.WhenAny(reading, Task.Delay(pause, cancel.Token));
            }
        }
        catch (IOException)
        {
            // The server closed the connection while we were still writing; its answer may already be there.
        }
        return await reading;
    }

    /// <summary>Opens a connection, sends the head and part of a body, and drops it.</summary>
    public static async Task AbandonAsync(Uri server, byte[] head, byte[] partialBody)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(head);
        await stream.WriteAsync(partialBody);
        client.Client.LingerState = new LingerOption(true, 0);   // a reset, not a polite close
    }

    static async Task<int?> ReadStatusAsync(NetworkStream stream, CancellationToken cancel)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancel);
            }
            catch (IOException)
            {
                read = 0;
            }
            if (read == 0)
                return Parse(received);
            received.AddRange(buffer.AsSpan(0, read));
            if (Parse(received) is int status)
                return status;
        }
    }

    /// <summary>The code from "HTTP/1.1 NNN ...", once the status line is complete.</summary>
    static int? Parse(List<byte> received)
    {
        string text = Encoding.ASCII.GetString(received.ToArray());
        int end = text.IndexOf("\r\n", StringComparison.Ordinal);
        return end >= 12 && text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(9, 3), out int code) ? code : null;
    }
}
