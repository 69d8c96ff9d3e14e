using NetGen.Samples.ModelZoo;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>A Network-in-Network training case: images per step and worker threads, shown as e.g. "NIN b64 2T".</summary>
public sealed record NinCase(int Batch, int Threads) : IThroughputCase, IComparable<NinCase>, IComparable
{
    /// <summary>2 x NetGen's counted multiply-adds of <see cref="NinMnist"/> (69.7 M per image).</summary>
    public double ForwardFlopsPerImage => 2.0 * NinMnist.Summary.TotalMultiplyAdds;

    public int CompareTo(NinCase? other) =>
        other is null ? 1 : Batch != other.Batch ? Batch.CompareTo(other.Batch) : Threads.CompareTo(other.Threads);

    public int CompareTo(object? obj) => CompareTo(obj as NinCase);

    public override string ToString() => $"NIN b{Batch} {Threads}T";
}
