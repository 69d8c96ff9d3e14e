namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// A batch case: images per operation and worker threads, ordered by batch then threads (BenchmarkDotNet sorts the
/// parameter values), shown in the summary as e.g. "b64 2T" after the model's <see cref="Prefix"/>.
/// </summary>
public abstract record BatchCase(int Batch, int Threads) : IThroughputCase, IComparable
{
    public abstract double ForwardFlopsPerImage { get; }

    /// <summary>What precedes "b64 2T" in the summary: the model's name and a space, or nothing.</summary>
    protected virtual string Prefix => "";

    public int CompareTo(object? obj) =>
        obj is not BatchCase other ? 1 : Batch != other.Batch ? Batch.CompareTo(other.Batch) : Threads.CompareTo(other.Threads);

    public sealed override string ToString() => $"{Prefix}b{Batch} {Threads}T";
}
