using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;

namespace NetGen.Generator.Tests;

/// <summary>Each row of <see cref="DiagnosticCases"/>: its id, where it points (the offending attribute) and what it says.</summary>
public class DiagnosticTests
{
    public static TheoryData<string> Cases() => [.. DiagnosticCases.All.Select(c => c.ToString())];

    /// <summary>Runs one case; returns the id it produced (asserting it is the expected one, alone, at the expected place).</summary>
    internal static string Produce(DiagnosticCase c)
    {
        var (result, output) = c.Files is null ? GeneratorHarness.Run(c.Source) : GeneratorHarness.Run(c.Source, c.Files);
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.GeneratedSources, s => !s.HintName.EndsWith(".g.cs", StringComparison.Ordinal));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(c.Id, d.Id);
        // NG0043 alone is a warning: the network is imported without its embedded weights.
        Assert.Equal(c.Id == "NG0043" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, d.Severity);
        // Generator diagnostics carry a file path and span (no syntax tree is kept in the model): find the text there.
        var tree = output.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path);
        Assert.Equal(c.Located, tree.GetText().ToString(d.Location.SourceSpan));
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in c.MessageParts) Assert.Contains(part, message);
        return d.Id;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_invalid_declaration_gets_one_diagnostic_on_its_attribute(string name)
    {
        var c = DiagnosticCases.All.Single(x => x.ToString() == name);
        Produce(c);
        // A refused network generates nothing (a [Weights] error still leaves the network itself).
        var (result, _) = c.Files is null ? GeneratorHarness.Run(c.Source) : GeneratorHarness.Run(c.Source, c.Files);
        if (c.Id == "NG0043")
            Assert.Equal(["Demo.Net.g.cs", "Demo.Net-Weights.g.cs"], result.GeneratedSources.Select(s => s.HintName));   // the network and its Load(path)
        else if (!c.Id.StartsWith("NG002", StringComparison.Ordinal) || c.Id is "NG0020" or "NG0021" or "NG0022" or "NG0023" or "NG0028" or "NG0029")
            Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void NG0019_an_unexpected_failure_becomes_a_diagnostic()
    {
        // The real catch path of the pipeline, fed an analysis that fails the way a bug would.
        var at = new LocationInfo("Net.cs", new Microsoft.CodeAnalysis.Text.TextSpan(3, 4), default);
        var result = NetworkGenerator.Guarded("Net", at, _ => throw new InvalidOperationException("boom"));
        Assert.Null(result.Model);
        var d = Assert.Single(result.Diagnostics).ToDiagnostic();
        Assert.Equal("NG0019", d.Id);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(3, 4), d.Location.SourceSpan);
        Assert.Equal("NetGen could not generate 'Net': InvalidOperationException: boom", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Attributes_with_wrong_arguments_are_left_to_the_compiler()
    {
        var (result, output) = GeneratorHarness.Run("using NetGen;\n[Network(1, 8)][Dense(2)] public partial class Net { }");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Contains(output.GetDiagnostics(), d => d.Id == "CS7036");
    }

    /// <summary>
    /// Every descriptor is produced by running at least one case (not merely named by a test). NG0019 is the exception:
    /// no declaration may produce it (that would be a bug); the fact above drives the real catch path instead.
    /// </summary>
    [Fact]
    public void Every_descriptor_is_produced_by_a_case()
    {
        var ids = typeof(NetworkGenerator).Assembly.GetType("NetGen.Generator.Diagnostics.DiagnosticDescriptors")!
            .GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToHashSet();
        var produced = DiagnosticCases.All.GroupBy(c => c.Id).Select(g => Produce(g.First())).ToHashSet();
        produced.Add("NG0019");
        // NG0061 only ever comes beside NG0043 (no Load(path) for weights too large to embed), so it cannot be a case of
        // one diagnostic: OnnxLoadTests.A_weight_from_a_Constant_node_gets_no_Load_and_says_why produces and checks it.
        produced.Add("NG0061");
        Assert.Equal(ids.Order(), produced.Order());
    }
}
