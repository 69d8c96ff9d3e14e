using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests;

/// <summary>The whole generated file per sample network, compared on purpose: a change in readability is a change.</summary>
public class SnapshotTests
{
    [Theory]
    [InlineData("LeNet5", "samples/LeNet5/LeNet5.cs")]
    [InlineData("TableNet", "tests/Networks/TableNet.cs")]
    [InlineData("PadNet", "tests/Networks/PadNet.cs")]
    [InlineData("StrideNet", "tests/Networks/StrideNet.cs")]
    [InlineData("PoolNet", "tests/Networks/PoolNet.cs")]
    [InlineData("ZooNet", "tests/Networks/ZooNet.cs")]
    [InlineData("ResTiny", "tests/Networks/ResTiny.cs")]
    [InlineData("InceptionTiny", "tests/Networks/InceptionTiny.cs")]
    [InlineData("AutoencoderTiny", "tests/Networks/AutoencoderTiny.cs")]
    [InlineData("LearnedNet", "tests/Networks/LearnedNet.cs")]
    [InlineData("BlockNet", "tests/Networks/BlockNet.cs")]
    [InlineData("BnNet", "tests/Networks/BnNet.cs")]
    [InlineData("InceptionEnd", "tests/Networks/InceptionEnd.cs")]
    [InlineData("ActNet", "tests/Networks/ActNet.cs")]
    [InlineData("PoolCeilNet", "tests/Networks/PoolCeilNet.cs")]
    [InlineData("GeometryNet", "tests/Networks/GeometryNet.cs")]
    [InlineData("MobileSnap", "tests/Networks/MobileSnap.cs")]
    [InlineData("WinogradNet", "tests/Networks/WinogradNet.cs")]
    [InlineData("ShuffleSnap", "tests/Networks/ShuffleSnap.cs")]
    [InlineData("ConvTNet", "tests/Networks/ConvTNet.cs")]
    [InlineData("DenseSnap", "tests/Networks/DenseSnap.cs")]
    public void Generated_source_matches_its_snapshot_and_compiles(string name, string declaration)
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.RepositoryFile(declaration));

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var source = Assert.Single(result.GeneratedSources);
        // Hint names are fully qualified (two classes Net in two namespaces must not share a file name).
        Assert.EndsWith("." + name + ".g.cs", source.HintName, StringComparison.Ordinal);
        Snapshot.Verify(name, source.SourceText.ToString());
    }
}
