using System.Diagnostics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime.Tests;

/// <summary>Runs a check of <see cref="Program"/> in a child process whose Vector&lt;float&gt; width an environment variable sets.</summary>
static class WidthChild
{
    /// <summary>The width the child should report under <paramref name="variable"/> (0: vectors not accelerated).</summary>
    public static int ExpectedWidth(string variable) => variable switch
    {
        "DOTNET_EnableHWIntrinsic" => 0,
        "DOTNET_EnableAVX" => 4,
        _ => Avx512F.IsSupported ? 16 : SgdReference.Width,
    };

    /// <summary>Exit code and everything the child printed.</summary>
    public static (int ExitCode, string Output) Run(string command, string variable, string value)
    {
        string host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? Environment.ProcessPath!
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(WidthChild).Assembly.Location);
        start.ArgumentList.Add(command);
        start.Environment[variable] = value;
        using var child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd() + child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(60_000), "the child process did not finish");
        return (child.ExitCode, output);
    }
}
