using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks.Peers;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// Images per second, GFLOP/s and the share of the machine's peak, from BenchmarkDotNet's mean time per operation.
/// FLOPs per image come from the case (<see cref="IThroughputCase.ForwardFlopsPerImage"/>): for LeNet-5, 2 x NetGen's
/// <c>LeNet5Bench.Summary.TotalMultiplyAdds</c> (convolutions, pooling and dense layers; activations and biases not
/// counted); for the ResNets, 2 x the convolutions' and fc's multiply-adds. Inference counts them once, a training step
/// 3x (forward, input gradient, weight gradient: the usual convention). Peak = <see cref="PeakGflopsPerCore"/> x the
/// case's thread count.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public enum Kind { ImagesPerSecond, Gflops, PercentOfPeak }

    /// <summary>The figure for this machine: 2 FMA pipes x 8 fp32 lanes x 2 FLOPs x ~3.1 GHz, about 100 GFLOP/s.
    /// Override with NETGEN_BENCH_PEAK_GFLOPS_PER_CORE.</summary>
    public static double PeakGflopsPerCore { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("NETGEN_BENCH_PEAK_GFLOPS_PER_CORE"),
            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var peak) && peak > 0
            ? peak : 100;

    /// <summary>Forward FLOPs of one LeNet-5 image.</summary>
    public static double ForwardFlopsPerImage => new BenchCase(1, 1).ForwardFlopsPerImage;

    readonly Kind _kind;

    public ThroughputColumn(Kind kind) => _kind = kind;

    public string Id => $"{nameof(ThroughputColumn)}.{_kind}";
    public string ColumnName => _kind switch
    {
        Kind.ImagesPerSecond => "img/s",
        Kind.Gflops => "GFLOP/s",
        _ => "% peak",
    };
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)_kind;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => _kind switch
    {
        Kind.ImagesPerSecond => "Images per second (batch / mean time per step)",
        Kind.Gflops => $"Useful GFLOP/s: LeNet-5 {ForwardFlopsPerImage / 1e6:0.###} MFLOP per image forward (2 x multiply-adds of the NetGen summary), 3x that per image for a training step; "
            + string.Join(", ", ImageNetCase.Models.Select(m => $"{m.Model} {m.ForwardFlopsPerImage / 1e9:0.###}")) + " GFLOP per image forward (2 x conv and fc multiply-adds); "
            + string.Join(", ", ConvTransposeCase.All.Select(t => $"ConvTranspose {t.Kernel}x{t.Kernel} {t.ForwardFlopsPerImage / 1e6:0.#}")) + " MFLOP forward, 3x that for forward+backward",
        _ => $"GFLOP/s as a share of the peak: {PeakGflopsPerCore:0} GFLOP/s per core x the case's threads",
    };

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || benchmarkCase.Parameters["Case"] is not IThroughputCase c)
            return "NA";
        double seconds = stats.Mean / 1e9;
        double images = c.Batch / seconds;
        bool training = benchmarkCase.Descriptor.Categories.Contains(TrainingBenchmarks.Category)
            || benchmarkCase.Descriptor.Categories.Contains(ConvTransposeBenchmarks.ForwardBackwardCategory);
        double gflops = images * c.ForwardFlopsPerImage * (training ? 3 : 1) / 1e9;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return _kind switch
        {
            Kind.ImagesPerSecond => images.ToString("N0", culture),
            Kind.Gflops => gflops.ToString("0.00", culture),
            _ => (100 * gflops / (PeakGflopsPerCore * c.Threads)).ToString("0.0", culture) + "%",
        };
    }

    public override string ToString() => ColumnName;
}
