using NetGen.Benchmarks.Peers;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>One LeNet-5 case: images per step and worker threads. Shown in the summary as e.g. "b64 2T".</summary>
public sealed record BenchCase(int Batch, int Threads) : BatchCase(Batch, Threads)
{
    /// <summary>2 x <c>LeNet5Bench.Summary.TotalMultiplyAdds</c> (convolutions, pooling, dense).</summary>
    public override double ForwardFlopsPerImage => 2.0 * LeNet5Bench.Summary.TotalMultiplyAdds;
}
