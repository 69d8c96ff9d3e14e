using Microsoft.CodeAnalysis;

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
}
