using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using NetGen.Arm64Check;
using Xunit.Abstractions;

namespace NetGen.Arm64.Tests;

/// <summary>
/// Publishes tests/NetGen.Arm64Check for linux-arm64 (self-contained) and runs it under qemu-aarch64-static: the lane
/// properties, every numerics network against the double reference on Vector128 (AdvSimd) and Scalar, and a LeNet-5
/// run compared with the one this x64 process computes. Fails on a nonzero exit of the ARM64 program.
/// </summary>
public class Arm64CheckTests(ITestOutputHelper log)
{
    static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(10), RunLimit = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_arm64_build_passes_every_check_under_emulation()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "netgen-arm64check-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..12]);
        Directory.CreateDirectory(work);
        string expected = Path.Combine(work, $"x64-{Environment.ProcessId}.bin");
        LeNetTraining.Run(Isa.Vector128).Save(expected);
        string qemu = Arm64Emulator.Executable;

        string app = Path.Combine(work, "app");
        using (Lock(Path.Combine(work, "publish.lock")))   // one publish of this worktree at a time
        {
            var publish = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                WorkingDirectory = root,
                ArgumentList = { "publish", Path.Combine("tests", "NetGen.Arm64Check", "NetGen.Arm64Check.csproj"), "-c", "Release",
                    "-r", "linux-arm64", "--self-contained", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", app, "--nologo",
                    // The networks and the runtime as this x64 build compiled them (IL is the same for every RID): only
                    // the check program itself compiles again, not the test networks and their generated code.
                    $"-p:PrebuiltDir={AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)}" },
            };
            // The test host's MSBuild variables would point the nested build at this build's SDK state; and no MSBuild
            // node may outlive the publish (it would hold whatever the test run's parent holds).
            foreach (var name in publish.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
                publish.Environment.Remove(name);
            publish.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            var published = Processes.Run(publish, PublishLimit);
            log.WriteLine($"dotnet publish -r linux-arm64 {published.Describe()}");
            Assert.True(published.ExitCode == 0, $"dotnet publish -r linux-arm64 {published.Describe()}:\n{published.Tail(30)}");
        }

        var run = new ProcessStartInfo(qemu)
        {
            ArgumentList = { "-L", "/", Path.Combine(app, "NetGen.Arm64Check"), "--require-arm64", expected },
            // W^X maps the JIT's code pages twice, which qemu-user does not emulate faithfully: without this, 1 run in ~6
            // of even a trivial program crashed (SIGSEGV) or corrupted the heap here (dotnet/runtime#94909).
            Environment = { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1", ["DOTNET_EnableWriteXorExecute"] = "0" },
        };
        var result = Processes.Run(run, RunLimit);
        File.Delete(expected);
        log.WriteLine($"qemu-aarch64-static NetGen.Arm64Check {result.Describe()}:\n{result.Output}");
        Assert.True(result.ExitCode == 0, $"the ARM64 check {result.Describe()}:\n{result.Output}");
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NetGen.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no NetGen.sln above {AppContext.BaseDirectory}");
    }

    static FileStream Lock(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited.Elapsed < PublishLimit) { Thread.Sleep(500); }
        }
    }
}
