using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// The suite's configuration. Benchmarks run IN PROCESS: BenchmarkDotNet's usual child project would copy TorchSharp's
/// natives from the NuGet cache again, without the GLIBCXX patch this project's build applies to its own output.
/// </summary>
public static class BenchConfig
{
    /// <summary>The default job: enough iterations for a stable mean on a 2-core machine, bounded so the whole suite stays near 10 minutes.</summary>
    public static Job DefaultJob { get; } = Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithWarmupCount(4)
        .WithIterationCount(15)
        .WithIterationTime(TimeInterval.FromMilliseconds(250))
        .WithId("InProcess")
        .AsDefault();

    /// <param name="addDefaultJob">False when the command line names a job (--job short/dry...), which then replaces it.</param>
    public static IConfig Create(bool addDefaultJob)
    {
        var config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .AddExporter(MarkdownExporter.GitHub)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(
                new ThroughputColumn(ThroughputColumn.Kind.ImagesPerSecond),
                new ThroughputColumn(ThroughputColumn.Kind.Gflops),
                new ThroughputColumn(ThroughputColumn.Kind.PercentOfPeak))
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
            .WithOptions(ConfigOptions.JoinSummary);
        if (addDefaultJob)
            config = config.AddJob(DefaultJob);
        return config;
    }
}
