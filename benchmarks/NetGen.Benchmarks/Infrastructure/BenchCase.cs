using NetGen.Benchmarks.Peers;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>One measured case: images per step and worker threads. Shown in the summary as e.g. "b64 2T".</summary>
public sealed record BenchCase(int Batch, int Threads) : IThroughputCase, IComparable<BenchCase>, IComparable
{
    /// <summary>2 x <c>LeNet5Bench.Summary.TotalMultiplyAdds</c> (convolutions, pooling, dense).</summary>
    public double ForwardFlopsPerImage => 2.0 * LeNet5Bench.Summary.TotalMultiplyAdds;

    public int CompareTo(BenchCase? other) =>
        other is null ? 1 : Batch != other.Batch ? Batch.CompareTo(other.Batch) : Threads.CompareTo(other.Threads);

    public int CompareTo(object? obj) => CompareTo(obj as BenchCase);

    public override string ToString() => $"b{Batch} {Threads}T";
}
