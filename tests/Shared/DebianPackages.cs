using System.Diagnostics;

namespace NetGen.Tests.Shared;

/// <summary>
/// Installs the Debian packages a test needs when they are missing and this process may (root, with apt-get, as in
/// CI), so that a plain <c>dotnet test</c> needs no set-up step. One install runs per machine at a time: test
/// processes take a lock file first and look again after. Linked into each test project that needs it.
/// </summary>
static class DebianPackages
{
    /// <summary>The whole install (waiting for the lock, apt-get update, apt-get install) gives up after this.</summary>
    static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    static readonly string LockPath = Path.Combine(Path.GetTempPath(), "netgen-apt-install.lock");

    /// <summary>
    /// Makes sure <paramref name="file"/> exists, installing <paramref name="packages"/> if it does not. Throws
    /// <see cref="InvalidOperationException"/> saying why and what to do when it cannot.
    /// </summary>
    public static void Ensure(string file, string[] packages) => Ensure([file], packages);

    /// <summary>Makes sure every one of <paramref name="files"/> exists, installing <paramref name="packages"/> if not.</summary>
    /// <param name="foreignArchitecture">A dpkg architecture to add first (e.g. "arm64" for "libc6:arm64").</param>
    public static void Ensure(string[] files, string[] packages, string? foreignArchitecture = null)
    {
        string[] Missing() => files.Where(f => !File.Exists(f)).ToArray();
        if (Missing().Length == 0)
            return;
        string file = string.Join(", ", Missing());
        string how = $"install Debian's packages yourself ({(foreignArchitecture is null ? "" : $"dpkg --add-architecture {foreignArchitecture}; ")}apt-get install -y --no-install-recommends {string.Join(" ", packages)})";
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException($"{file} is missing and there is no apt-get to install it: {how}.");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"{file} is missing and this test is not root, so it cannot install it: {how}.");

        var deadline = Stopwatch.StartNew();
        using (TakeLock(deadline))
        {
            // Another test process may have installed them while this one waited for the lock.
            if (Missing().Length > 0)
            {
                if (foreignArchitecture is not null)
                    Run("/usr/bin/dpkg", ["--add-architecture", foreignArchitecture], deadline, file);
                Run("/usr/bin/apt-get", ["-o", "DPkg::Lock::Timeout=300", "-q", "update"], deadline, file);
                Run("/usr/bin/apt-get", ["-o", "DPkg::Lock::Timeout=300", "-q", "install", "-y", "--no-install-recommends", .. packages], deadline, file);
            }
        }
        if (Missing().Length > 0)
            throw new InvalidOperationException($"apt-get installed {string.Join(" ", packages)} but {string.Join(", ", Missing())} still missing: {how}.");
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
                throw new InvalidOperationException($"another process held {LockPath} (installing packages) for over {Budget.TotalMinutes} minutes.", e);
            }
        }
    }

    /// <summary>Runs a command non-interactively within what is left of the budget; a failure quotes its last output.</summary>
    static void Run(string program, string[] arguments, Stopwatch deadline, string wanted)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
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

        string command = $"{Path.GetFileName(program)} {string.Join(" ", arguments)}";
        string tail;
        lock (output)
            tail = string.Join("\n", output);
        if (!exited)
            throw new InvalidOperationException($"{wanted} is missing and '{command}' did not finish within {Budget.TotalMinutes} minutes. Its last output:\n{tail}");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{wanted} is missing and '{command}' failed (exit code {process.ExitCode}). Its last output:\n{tail}");
    }
}
