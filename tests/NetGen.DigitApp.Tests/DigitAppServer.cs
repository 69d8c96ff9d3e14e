using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using NetGen.Samples.DigitApp;

namespace NetGen.DigitApp.Tests;

/// <summary>The DigitApp, started in this process the way its Program does, on a free loopback port (port 0).</summary>
public sealed class DigitAppServer : IAsyncLifetime
{
    WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the app logged at Warning and above since it started.</summary>
    public RecordedLog Log { get; } = new();

    public async Task InitializeAsync()
    {
        _app = DigitServer.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"],
            builder => builder.Logging.AddProvider(Log));
        await _app.StartAsync();
        // After start, Urls holds the bound address with the port Kestrel was given for port 0.
        BaseAddress = new Uri(_app.Urls.Single().TrimEnd('/') + "/");
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>One app for every test class that uses it.</summary>
[CollectionDefinition(Name)]
public sealed class DigitAppCollection : ICollectionFixture<DigitAppServer>
{
    public const string Name = "DigitApp";
}
