namespace NetGen.Runtime.Tests;

/// <summary>
/// The test assembly's entry point (instead of the empty one the test SDK generates): <c>sgd-check</c> runs
/// <see cref="SgdReference"/> in a fresh process, so a test can run it under another vector width, which the runtime
/// fixes per process.
/// </summary>
static class Program
{
    static int Main(string[] args)
    {
        if (args is not ["sgd-check"])
        {
            Console.Error.WriteLine("usage: NetGen.Runtime.Tests sgd-check");
            return 2;
        }
        string? mismatch = SgdReference.FirstMismatch();
        Console.WriteLine($"width {SgdReference.Width}");
        if (mismatch is not null)
            Console.WriteLine(mismatch);
        return mismatch is null ? 0 : 1;
    }
}
