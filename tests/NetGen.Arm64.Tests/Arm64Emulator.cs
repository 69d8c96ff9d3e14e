using System.Diagnostics;

namespace NetGen.Arm64.Tests;

/// <summary>
/// The ARM64 user-mode emulator (Debian's qemu-user-static) and the ARM64 C libraries a self-contained .NET app
/// loads. When they are missing and this process may install them (root, with apt-get and dpkg, as in CI), it
/// installs them itself so a plain <c>dotnet test</c> needs no set-up; one test process at a time, under a lock file.
/// </summary>
static class Arm64Emulator
{
    public const string Qemu = "/usr/bin/qemu-aarch64-static";

    static readonly string[] Required = [Qemu, "/lib/ld-linux-aarch64.so.1", "/lib/aarch64-linux-gnu/libc.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libgcc_s.so.1"];

    const string How = "run 'dpkg --add-architecture arm64 && apt-get update && apt-get install qemu-user-static libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64' as root";

    /// <summary>Waiting for the lock plus the whole install gives up after this.</summary>
    static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    static readonly string LockPath = Path.Combine(Path.GetTempPath(), "netgen-arm64-emulator-install.lock");

    static readonly Lazy<string> Ready = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The emulator's path once everything is installed; throws saying what is missing and why otherwise.</summary>
    public static string Executable => Ready.Value;

    static string[] Missing() => Required.Where(p => !File.Exists(p)).ToArray();

    static string Install()
    {
        if (Missing().Length == 0) return Qemu;
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get") || !File.Exists("/usr/bin/dpkg"))
            throw new InvalidOperationException($"{string.Join(", ", Missing())} missing and there is no apt-get to install them: {How}.");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"{string.Join(", ", Missing())} missing and this test is not root, so it cannot install them: {How}.");

        var deadline = Stopwatch.StartNew();
        using (TakeLock(deadline))
        {
            if (Missing().Length > 0)   // another test process may have installed them while this one waited
            {
                Run("/usr/bin/dpkg", ["--add-architecture", "arm64"], deadline);
                // Wait for dpkg's lock (up to 9 minutes, within the budget) while another install runs, such as chromium's.
                Run("/usr/bin/apt-get", ["-o", "DPkg::Lock::Timeout=540", "-q", "update"], deadline);
                Run("/usr/bin/apt-get", ["-o", "DPkg::Lock::Timeout=540", "-q", "install", "-y", "--no-install-recommends",
                    "qemu-user-static", "libc6:arm64", "libstdc++6:arm64", "libgcc-s1:arm64"], deadline);
            }
        }
        return Missing() is { Length: > 0 } still
            ? throw new InvalidOperationException($"apt-get ran but {string.Join(", ", still)} still missing: {How}.")
            : Qemu;
    }

    static FileStream TakeLock(Stopwatch deadline)
    {
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                if (deadline.Elapsed > Budget)
                    throw new InvalidOperationException($"another process held {LockPath} (installing the ARM64 emulator) for over {Budget.TotalMinutes} minutes.", e);
                Thread.Sleep(500);
            }
        }
    }

    static void Run(string program, string[] arguments, Stopwatch deadline)
    {
        var start = new ProcessStartInfo(program) { Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" } };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var result = Processes.Run(start, Budget - deadline.Elapsed);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"'{program} {string.Join(" ", arguments)}' {result.Describe()}; its last output:\n{result.Tail(20)}");
    }
}
