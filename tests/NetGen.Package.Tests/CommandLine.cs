using System.Diagnostics;
using System.Text;

namespace NetGen.Package.Tests;

/// <summary>The result of a finished child process.</summary>
sealed record CommandResult(string Command, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Command} exited {ExitCode} after {Elapsed.TotalSeconds:F1}s\n--- stdout ---\n{Tail(Output)}\n--- stderr ---\n{Tail(Error)}";

    static string Tail(string text) => text.Length <= 12000 ? text : "..." + text[^12000..];
}

/// <summary>
/// Runs child processes (the dotnet CLI, the published tool) with a timeout. Child builds get no build servers, so
/// no long-lived MSBuild or compiler node keeps the output pipes open, and none of the MSBuild variables the test
/// host may have inherited from the outer dotnet test.
/// </summary>
static class CommandLine
{
    public static string Dotnet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host : "dotnet";

    public static CommandResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
            start.ArgumentList.Add(a);
        foreach (string key in start.Environment.Keys.ToList())
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        if (environment is not null)
            foreach (var (key, value) in environment)
                start.Environment[key] = value;

        string command = $"{System.IO.Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)}";
        var output = new StringBuilder();
        var error = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{command} did not finish within {timeout.TotalSeconds:F0}s.\n{output}\n{error}");
        }
        process.WaitForExit(); // drains the asynchronous readers
        lock (output)
            lock (error)
                return new CommandResult(command, process.ExitCode, output.ToString(), error.ToString(), clock.Elapsed);
    }

    /// <summary>Runs and requires exit code 0, failing the test with the full output otherwise.</summary>
    public static CommandResult RunChecked(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Run(fileName, arguments, workingDirectory, timeout, environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
