namespace NetGen.DigitApp.Tests;

/// <summary>A headless Chromium with one tab on the DigitApp page; everything is ended on dispose.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    readonly Chromium _chromium;
    readonly DevToolsConnection _connection;

    BrowserSession(Chromium chromium, DevToolsConnection connection, DigitPage page)
    {
        _chromium = chromium;
        _connection = connection;
        Page = page;
    }

    public DigitPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(Uri appAddress)
    {
        var chromium = Chromium.Launch(TimeSpan.FromSeconds(30));
        DevToolsConnection? connection = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            connection = await DevToolsConnection.ConnectAsync(chromium.BrowserEndpoint, timeout.Token);
            var page = await BrowserPage.OpenAsync(connection);
            await page.NavigateAsync(appAddress);
            await page.WaitUntilAsync("typeof MnistImage === 'object' && document.querySelectorAll('#bars .bar').length === 10", TimeSpan.FromSeconds(10));
            return new BrowserSession(chromium, connection, new DigitPage(page));
        }
        catch
        {
            if (connection is not null)
                await connection.DisposeAsync();
            chromium.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _chromium.Dispose();
    }
}
