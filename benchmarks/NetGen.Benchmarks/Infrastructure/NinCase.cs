using NetGen.Samples.ModelZoo;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>A Network-in-Network training case: images per step and worker threads, shown as e.g. "NIN b64 2T".</summary>
public sealed record NinCase(int Batch, int Threads) : BatchCase(Batch, Threads)
{
    /// <summary>2 x NetGen's counted multiply-adds of <see cref="NinMnist"/> (69.7 M per image).</summary>
    public override double ForwardFlopsPerImage => 2.0 * NinMnist.Summary.TotalMultiplyAdds;

    protected override string Prefix => "NIN ";
}
