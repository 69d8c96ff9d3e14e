using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Tests;

/// <summary>The generated file of the depthwise test network (the Depthwise strategy's kernels), compared whole.</summary>
public class DepthwiseSnapshotTests
{
    [Fact]
    public void DepthwiseNet_matches_its_snapshot_and_compiles()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.RepositoryFile("tests/Networks/DepthwiseNet.cs"));

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        // Every depthwise layer runs the depthwise kernels, none the grouped wide rows.
        Assert.Equal(5, source.Split(" forward: depthwise convolution ").Length - 1);
        Snapshot.Verify("DepthwiseNet", source);
    }

    /// <summary>
    /// Depthwise windows of other sizes (1x1, 7x7 and 11x11 unrolled taps, a pad wider than the window's reach, stride 2 on
    /// even padded sizes, DepthwiseNet's being odd): the generated code compiles and stays within the source budget the planner estimated.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(7, 2, 3)]
    [InlineData(11, 1, 5)]
    [InlineData(11, 2, 1)]
    [InlineData(3, 1, 4)]
    public void Depthwise_windows_compile_within_the_source_budget(int kernel, int stride, int pad)
    {
        string declaration = $$"""
            using NetGen;
            [Network(5, 14, 16)]
            [Conv(5, {{kernel}}, Activation.Tanh, Stride = {{stride}}, Pad = {{pad}}, Groups = 5, DropRemainder = true)]
            [GlobalAvgPool]
            [Dense(2)]
            public partial class Dw { }
            """;
        var (result, output) = GeneratorHarness.Run(declaration);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Errors(output));
        var source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains(" forward: depthwise convolution ", source, StringComparison.Ordinal);
        var model = (NetworkModel)Assert.Single(result.TrackedSteps[StepNames.Model].SelectMany(s => s.Outputs)).Value;
        long estimate = SourceBudget.FileChars + model.Layers.Sum(SourceBudget.Estimate);
        Assert.True(source.Length <= estimate, $"{source.Length} characters, more than the estimate {estimate}");
    }
}
