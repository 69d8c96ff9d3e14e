using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetGen.DigitApp.Tests;

/// <summary>One tab, driven over the DevTools protocol: navigate, evaluate script, and real mouse input.</summary>
public sealed class BrowserPage
{
    readonly DevToolsConnection _connection;
    readonly string _sessionId;

    BrowserPage(DevToolsConnection connection, string sessionId)
    {
        _connection = connection;
        _sessionId = sessionId;
    }

    public IReadOnlyCollection<string> Errors => _connection.PageErrors;

    public static async Task<BrowserPage> OpenAsync(DevToolsConnection connection)
    {
        var target = await connection.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await connection.SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true });
        var page = new BrowserPage(connection, attached.GetProperty("sessionId").GetString()!);
        await page.SendAsync("Runtime.enable");
        await page.SendAsync("Page.enable");
        return page;
    }

    Task<JsonElement> SendAsync(string method, JsonObject? parameters = null) => _connection.SendAsync(method, parameters, _sessionId);

    public async Task NavigateAsync(Uri url)
    {
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        if (result.TryGetProperty("errorText", out var error))
            throw new InvalidOperationException($"Navigating to {url} failed: {error.GetString()}");
        await WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(15));
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting a promise) and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var exception))
            throw new InvalidOperationException($"The page threw while evaluating a script: {exception.GetRawText()}");
        var remote = result.GetProperty("result");
        return remote.TryGetProperty("value", out var value) ? value : default;
    }

    public async Task WaitUntilAsync(string condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await EvaluateAsync(condition);
            if (value.ValueKind == JsonValueKind.True)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The page did not reach `{condition}` within {timeout.TotalSeconds} s.");
            await Task.Delay(10);
        }
    }

    /// <summary>The centre of the element, in page (CSS pixel) coordinates.</summary>
    public async Task<(double X, double Y)> CentreOfAsync(string selector)
    {
        var box = await BoxOfAsync(selector);
        return (box.Left + box.Width / 2, box.Top + box.Height / 2);
    }

    public async Task<(double Left, double Top, double Width, double Height)> BoxOfAsync(string selector)
    {
        var rect = await EvaluateAsync(
            $"(() => {{ const r = document.querySelector({JsonSerializer.Serialize(selector)}).getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }})()");
        return (rect[0].GetDouble(), rect[1].GetDouble(), rect[2].GetDouble(), rect[3].GetDouble());
    }

    /// <summary>A left click with the mouse: move, press, release.</summary>
    public async Task ClickAsync(string selector)
    {
        var (x, y) = await CentreOfAsync(selector);
        await MouseAsync("mouseMoved", x, y, buttons: 0);
        await MouseAsync("mousePressed", x, y, buttons: 1);
        await MouseAsync("mouseReleased", x, y, buttons: 0);
    }

    /// <summary>A stroke with the left button held: pressed at the first point, moved through the rest, released.</summary>
    public async Task DragAsync(IReadOnlyList<(double X, double Y)> points)
    {
        await MouseAsync("mouseMoved", points[0].X, points[0].Y, buttons: 0);
        await MouseAsync("mousePressed", points[0].X, points[0].Y, buttons: 1);
        foreach (var (x, y) in points.Skip(1))
            await MouseAsync("mouseMoved", x, y, buttons: 1);
        await MouseAsync("mouseReleased", points[^1].X, points[^1].Y, buttons: 0);
    }

    Task MouseAsync(string type, double x, double y, int buttons)
    {
        var parameters = new JsonObject
        {
            ["type"] = type,
            ["x"] = Math.Round(x, 2),
            ["y"] = Math.Round(y, 2),
            ["buttons"] = buttons,
        };
        if (type != "mouseMoved" || buttons != 0)
            parameters["button"] = "left";
        if (type is "mousePressed" or "mouseReleased")
            parameters["clickCount"] = 1;
        return SendAsync("Input.dispatchMouseEvent", parameters);
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
