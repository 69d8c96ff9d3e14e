using System.Diagnostics;

namespace NetGen.DigitApp.Tests;

/// <summary>
/// Finds the Chromium the browser tests drive and, when it is missing and this process may (root, with apt-get, as
/// in CI), installs Debian's <c>chromium</c> package itself, so that a plain <c>dotnet test</c> needs no set-up step.
/// The install runs once per machine at a time: test processes take a lock file first and look again after.
/// </summary>
static class ChromiumInstall
{
    /// <summary>The whole install (waiting for the lock, apt-get update, apt-get install) gives up after this.</summary>
    static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    static readonly string LockPath = Path.Combine(Path.GetTempPath(), "netgen-chromium-install.lock");

    static readonly Lazy<string> Found = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The executable to start; throws <see cref="InvalidOperationException"/> saying why when there is none.</summary>
    public static string Executable => Found.Value;

    static string Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } chosen)
            return File.Exists(chosen)
                ? chosen
                : throw new InvalidOperationException($"CHROMIUM_PATH names {chosen}, which does not exist.");
        if (File.Exists(Chromium.DefaultPath))
            return Chromium.DefaultPath;

        const string how = "install Debian's package (apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH";
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException($"Chromium is not installed at {Chromium.DefaultPath} and there is no apt-get to install it: {how}.");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"Chromium is not installed at {Chromium.DefaultPath} and this test is not root, so it cannot install it: {how}.");

        var deadline = Stopwatch.StartNew();
        using (TakeLock(deadline))
        {
            // Another test process may have installed it while this one waited for the lock.
            if (!File.Exists(Chromium.DefaultPath))
            {
                Run(["update"], deadline);
                Run(["install", "-y", "--no-install-recommends", "chromium"], deadline);
            }
        }
        return File.Exists(Chromium.DefaultPath)
            ? Chromium.DefaultPath
            : throw new InvalidOperationException($"apt-get installed chromium but {Chromium.DefaultPath} is still missing: {how}.");
    }

    static FileStream TakeLock(Stopwatch deadline)
    {
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < Budget)
            {
                Thread.Sleep(500);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException($"another process held {LockPath} (installing Chromium) for over {Budget.TotalMinutes} minutes.", e);
            }
        }
    }

    /// <summary>Runs apt-get non-interactively within what is left of the budget; a failure quotes its last output.</summary>
    static void Run(string[] arguments, Stopwatch deadline)
    {
        var start = new ProcessStartInfo("/usr/bin/apt-get")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Wait for dpkg's own lock (another apt run) instead of failing at once.
        foreach (string argument in (string[])["-o", "DPkg::Lock::Timeout=120", "-q", .. arguments])
            start.ArgumentList.Add(argument);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";

        var output = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
                return;
            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > 20)
                    output.Dequeue();
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var left = Budget - deadline.Elapsed;
        bool exited = left > TimeSpan.Zero && process.WaitForExit(left);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        else
            process.WaitForExit();   // drains the redirected output

        string command = $"apt-get {string.Join(" ", arguments)}";
        string tail;
        lock (output)
            tail = string.Join("\n", output);
        if (!exited)
            throw new InvalidOperationException($"Chromium is missing and '{command}' did not finish within {Budget.TotalMinutes} minutes. Its last output:\n{tail}");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Chromium is missing and '{command}' failed (exit code {process.ExitCode}). Its last output:\n{tail}");
    }
}
