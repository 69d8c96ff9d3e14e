using System.Diagnostics;

namespace NetGen.Arm64.Tests;

/// <summary>A finished child process: its exit code (null when it ran out of time and was killed) and its output.</summary>
sealed record ProcessResult(int? ExitCode, string Output, TimeSpan Elapsed)
{
    public string Describe() => ExitCode is { } code ? $"exited with {code} after {Elapsed.TotalSeconds:0} s" : $"did not finish within {Elapsed.TotalSeconds:0} s and was killed";

    public string Tail(int lines) => string.Join("\n", Output.Split('\n').TakeLast(lines));
}

static class Processes
{
    /// <summary>Runs to completion within <paramref name="limit"/>, standard output and error interleaved as they come.</summary>
    public static ProcessResult Run(ProcessStartInfo start, TimeSpan limit)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var output = new System.Text.StringBuilder();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
        }

        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = limit > TimeSpan.Zero && process.WaitForExit(limit);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        else
            process.WaitForExit();   // drains the redirected output
        lock (output)
            return new(exited ? process.ExitCode : null, output.ToString(), watch.Elapsed);
    }
}
