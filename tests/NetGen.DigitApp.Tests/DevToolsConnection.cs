using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetGen.DigitApp.Tests;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one WebSocket: numbered commands, each answered by a message with
/// the same id; events are ignored except page errors, which are kept for failure messages. Sessions attached with
/// <c>flatten</c> share the socket and are addressed by <c>sessionId</c>.
/// </summary>
public sealed class DevToolsConnection : IAsyncDisposable
{
    readonly ClientWebSocket _socket = new();
    readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    readonly SemaphoreSlim _sendLock = new(1, 1);
    readonly CancellationTokenSource _closing = new();
    readonly ConcurrentQueue<string> _pageErrors = new();
    Task _receiving = Task.CompletedTask;
    int _nextId;

    public static TimeSpan CommandTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>Uncaught exceptions and console errors the page reported (Runtime domain events).</summary>
    public IReadOnlyCollection<string> PageErrors => _pageErrors;

    public static async Task<DevToolsConnection> ConnectAsync(Uri endpoint, CancellationToken cancellation)
    {
        var connection = new DevToolsConnection();
        connection._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await connection._socket.ConnectAsync(endpoint, cancellation);
        connection._receiving = Task.Run(connection.ReceiveLoopAsync);
        return connection;
    }

    /// <summary>Sends a command and returns its <c>result</c>; a protocol error or a timeout throws.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (sessionId is not null)
            message["sessionId"] = sessionId;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sendLock.Release();
        }
        try
        {
            return await answer.Task.WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"DevTools command {method} got no answer within {CommandTimeout.TotalSeconds} s.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                    continue;
                Dispatch(message.ToArray());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing, or the browser went away: fail whatever still waits.
        }
        foreach (var waiting in _pending.Values)
            waiting.TrySetException(new IOException("The DevTools connection closed."));
    }

    void Dispatch(byte[] text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement))
        {
            if (!_pending.TryGetValue(idElement.GetInt32(), out var waiting))
                return;
            if (root.TryGetProperty("error", out var error))
                waiting.TrySetException(new InvalidOperationException($"DevTools error: {error.GetRawText()}"));
            else
                waiting.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
            return;
        }
        if (!root.TryGetProperty("method", out var method))
            return;
        switch (method.GetString())
        {
            case "Runtime.exceptionThrown":
                _pageErrors.Enqueue(root.GetProperty("params").GetProperty("exceptionDetails").GetRawText());
                break;
            case "Runtime.consoleAPICalled" when root.GetProperty("params").GetProperty("type").GetString() == "error":
                _pageErrors.Enqueue(root.GetProperty("params").GetProperty("args").GetRawText());
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser may already be gone.
        }
        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _sendLock.Dispose();
        _closing.Dispose();
    }
}
