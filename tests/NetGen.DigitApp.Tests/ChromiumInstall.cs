using NetGen.Tests.Shared;

namespace NetGen.DigitApp.Tests;

/// <summary>
/// Finds the Chromium the browser tests drive: <c>$CHROMIUM_PATH</c>, else Debian's <c>chromium</c> package,
/// installed by the test itself when it is missing and this process may (see <see cref="DebianPackages"/>).
/// </summary>
static class ChromiumInstall
{
    static readonly Lazy<string> Found = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The executable to start; throws <see cref="InvalidOperationException"/> saying why when there is none.</summary>
    public static string Executable => Found.Value;

    static string Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } chosen)
            return File.Exists(chosen)
                ? chosen
                : throw new InvalidOperationException($"CHROMIUM_PATH names {chosen}, which does not exist.");
        DebianPackages.Ensure(Chromium.DefaultPath, ["chromium"]);
        return Chromium.DefaultPath;
    }
}
