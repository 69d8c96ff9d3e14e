namespace NetGen.Runtime.Tests;

/// <summary>
/// The test assembly's entry point (instead of the empty one the test SDK generates): <c>sgd-check</c> runs
/// <see cref="SgdReference"/>, <c>adam-check</c> runs <see cref="AdamReference"/> and <see cref="ClipReference"/>, in a
/// fresh process, so a test can run them under another vector width, which the runtime fixes per process.
/// </summary>
static class Program
{
    static int Main(string[] args)
    {
        Func<string?>? check = args switch
        {
            ["sgd-check"] => () => SgdReference.FirstMismatch(),
            ["adam-check"] => () => AdamReference.FirstMismatch() ?? ClipReference.FirstMismatch(),
            _ => null,
        };
        if (check is null)
        {
            Console.Error.WriteLine("usage: NetGen.Runtime.Tests sgd-check|adam-check");
            return 2;
        }
        string? mismatch = check();
        Console.WriteLine($"width {SgdReference.Width}");
        if (mismatch is not null)
            Console.WriteLine(mismatch);
        return mismatch is null ? 0 : 1;
    }
}
