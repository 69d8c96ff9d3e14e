using System.Runtime.CompilerServices;

namespace NetGen.Generator.Tests;

/// <summary>
/// Verify's conventions in a few lines: the expected text lives in Snapshots/NAME.verified.cs next to the tests
/// and is committed; on a mismatch the actual text is written to NAME.received.cs (git-ignored) and the test fails.
/// Accept a change by reviewing the diff and running ./accept-snapshots.sh (it renames received over verified).
/// </summary>
public static class Snapshot
{
    public static void Verify(string name, string actual, [CallerFilePath] string thisFile = "")
    {
        string folder = Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");
        string verified = Path.Combine(folder, name + ".verified.cs");
        string received = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot yet for {name}: review {received} and accept it with tests/NetGen.Generator.Tests/accept-snapshots.sh."
            : $"{name} differs from its snapshot at line {FirstDifference(expected, actual)}: compare {received} with {verified}; accept with tests/NetGen.Generator.Tests/accept-snapshots.sh.");
    }

    private static int FirstDifference(string a, string b)
    {
        var x = a.Split('\n');
        var y = b.Split('\n');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return i + 1;
        return Math.Min(x.Length, y.Length) + 1;
    }
}
