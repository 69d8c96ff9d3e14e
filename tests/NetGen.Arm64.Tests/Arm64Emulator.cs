using NetGen.Tests.Shared;

namespace NetGen.Arm64.Tests;

/// <summary>
/// The ARM64 user-mode emulator (Debian's qemu-user-static) and the ARM64 C libraries a self-contained .NET app
/// loads, installed by the test itself when missing and this process may (see <see cref="DebianPackages"/>).
/// </summary>
static class Arm64Emulator
{
    public const string Qemu = "/usr/bin/qemu-aarch64-static";

    static readonly string[] Required = [Qemu, "/lib/ld-linux-aarch64.so.1", "/lib/aarch64-linux-gnu/libc.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libgcc_s.so.1"];

    static readonly Lazy<string> Ready = new(() =>
    {
        DebianPackages.Ensure(Required, ["qemu-user-static", "libc6:arm64", "libstdc++6:arm64", "libgcc-s1:arm64"], foreignArchitecture: "arm64");
        return Qemu;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The emulator's path once everything is installed; throws saying what is missing and why otherwise.</summary>
    public static string Executable => Ready.Value;
}
