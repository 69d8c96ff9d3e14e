using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NetGen.DigitApp.Tests;

/// <summary>
/// A headless Chromium (Debian's <c>chromium</c> package) with a fresh profile, listening for the DevTools protocol
/// on a loopback port it picks itself. Dispose ends it (by its process id) and deletes the profile.
/// </summary>
public sealed partial class Chromium : IDisposable
{
    /// <summary>Where Debian installs it; <c>$CHROMIUM_PATH</c> overrides.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    readonly Process _process;
    readonly string _profile;

    Chromium(Process process, string profile, Uri browserEndpoint)
    {
        _process = process;
        _profile = profile;
        BrowserEndpoint = browserEndpoint;
    }

    /// <summary>The browser-level DevTools WebSocket (ws://127.0.0.1:port/devtools/browser/id).</summary>
    public Uri BrowserEndpoint { get; }

    /// <summary>Starts Chromium, installing it first when it is missing (see <see cref="ChromiumInstall"/>).</summary>
    public static Chromium Launch(TimeSpan timeout)
    {
        string executable = ChromiumInstall.Executable;
        string profile = Directory.CreateTempSubdirectory("digitapp-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--mute-audio", "--window-size=1024,900",
            $"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            "about:blank",
        })
            start.ArgumentList.Add(argument);

        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (log)
                log.Add(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
                endpoint.TrySetResult(new Uri(match.Groups[1].Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        if (!endpoint.Task.Wait(timeout))
        {
            End(process);
            Directory.Delete(profile, recursive: true);
            string output;
            lock (log)
                output = string.Join("\n", log.TakeLast(20));
            throw new InvalidOperationException($"{executable} did not report a DevTools endpoint within {timeout.TotalSeconds} s. Its last output:\n{output}");
        }
        return new Chromium(process, profile, endpoint.Task.Result);
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex ListeningLine();

    static void End(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    public void Dispose()
    {
        End(_process);
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A straggling child may still hold a file; the folder is under the temp directory.
        }
    }
}
