using System.Diagnostics;

namespace NetGen.Fuzzing;

/// <summary>What one fuzz run did: inputs tried, how long it took, and the first inputs that broke a property.</summary>
public sealed record FuzzReport(string Reader, int Inputs, int Accepted, TimeSpan Elapsed, IReadOnlyList<string> Findings)
{
    public override string ToString() =>
        $"{Reader}: {Inputs} inputs ({Accepted} accepted) in {Elapsed.TotalSeconds:F1} s, {Findings.Count} finding(s)" +
        string.Concat(Findings.Select(f => "\n  " + f));
}

/// <summary>
/// A seeded mutational fuzz loop: mutants of the seeds go to <c>check</c>, which says whether the reader accepted
/// the input and throws when a property fails (an
/// undocumented exception, an allocation out of proportion, a half-loaded result). A fixed seed makes every run try
/// the same sequence; the time budget and the input cap bound the run. Findings are reported with the input in
/// base64, to be added to the reader's regression corpus.
/// </summary>
public static class FuzzLoop
{
    public static FuzzReport Run(string reader, IReadOnlyList<byte[]> seeds, Mutator mutator, Func<byte[], bool> check,
        int seed, int maxInputs, TimeSpan budget)
    {
        var random = new Random(seed);
        var findings = new List<string>();
        var clock = Stopwatch.StartNew();
        int inputs = 0, accepted = 0;
        while (inputs < maxInputs && clock.Elapsed < budget && findings.Count < 5)
        {
            byte[] input = mutator.Mutate(seeds[random.Next(seeds.Count)], random);
            inputs++;
            try
            {
                if (check(input))
                    accepted++;
            }
            catch (Exception e)
            {
                findings.Add($"input {inputs} ({input.Length} bytes) {Convert.ToBase64String(input)}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }
        return new FuzzReport(reader, inputs, accepted, clock.Elapsed, findings);
    }

    /// <summary>Bytes the current thread allocates while <paramref name="action"/> runs; it should catch what it expects.</summary>
    public static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
