using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;
using NetGen.Generator.Model;

namespace NetGen.Generator.Tests;

/// <summary>One test per diagnostic id: the id, where it points (the offending attribute) and what it says.</summary>
public class DiagnosticTests
{
    private static void Expect(string source, string id, string locatedText, params string[] messageParts)
    {
        var (result, output) = GeneratorHarness.Run("using NetGen;\n" + source);
        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(id, d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        // Generator diagnostics carry a file path and span (no syntax tree is kept in the model): find the text there.
        var tree = output.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path);
        string located = tree.GetText().ToString(d.Location.SourceSpan);
        Assert.Equal(locatedText, located);
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var part in messageParts) Assert.Contains(part, message);
    }

    [Fact]
    public void NG0001_class_not_partial() => Expect(
        "[Network(1, 8, 8)][Dense(2)] public class Net { }",
        "NG0001", "Net", "'Net' must be declared partial");

    [Fact]
    public void NG0002_layers_split_across_partial_declarations() => Expect(
        "[Network(1, 8, 8)][Dense(2)] public partial class Net { }\n[Dense(3)] public partial class Net { }",
        "NG0002", "Dense(3)", "more than one partial declaration");

    [Fact]
    public void NG0003_no_layers() => Expect(
        "[Network(1, 8, 8)] public partial class Net { }",
        "NG0003", "Network(1, 8, 8)", "'Net' has no layer attributes");

    [Fact]
    public void NG0004_non_positive_size() => Expect(
        "[Network(1, 8, 8)][Conv(0, 3)] public partial class Net { }",
        "NG0004", "Conv(0, 3)", "C1: maps must be at least 1, but is 0");

    [Fact]
    public void NG0004_non_positive_input() => Expect(
        "[Network(1, 0, 8)][Dense(2)] public partial class Net { }",
        "NG0004", "Network(1, 0, 8)", "Net: height must be at least 1, but is 0");

    [Fact]
    public void NG0005_kernel_larger_than_padded_input() => Expect(
        "[Network(1, 8, 8)][Conv(2, 3)][Conv(2, 7)] public partial class Net { }",
        "NG0005", "Conv(2, 7)", "C2: the 7x7 kernel does not fit its padded input 6x6 (input 6x6, padding 0)");

    [Fact]
    public void NG0006_output_size_not_integral_for_the_stride() => Expect(
        "[Network(1, 8, 8)][Conv(2, 3, Stride = 2)] public partial class Net { }",
        "NG0006", "Conv(2, 3, Stride = 2)", "(8 + 2*0 - 3) = 5 is not a multiple of the stride 2");

    [Fact]
    public void NG0007_table_with_wrong_number_of_rows() => Expect(
        "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"XX\" })] public partial class Net { }",
        "NG0007", "Conv(2, 3, Connections = new[] { \"XX\" })", "C1: the connection table has 1 rows but the input has 2 maps");

    [Fact]
    public void NG0008_table_row_with_wrong_length() => Expect(
        "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"XX\", \"X\" })] public partial class Net { }",
        "NG0008", "Conv(2, 3, Connections = new[] { \"XX\", \"X\" })", "row 1 has 1 characters but the layer has 2 output maps");

    [Fact]
    public void NG0009_table_with_bad_character() => Expect(
        "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"XO\", \"XX\" })] public partial class Net { }",
        "NG0009", "Conv(2, 3, Connections = new[] { \"XO\", \"XX\" })", "row 0, column 1 holds 'O'");

    [Fact]
    public void NG0010_table_column_without_input() => Expect(
        "[Network(2, 8, 8)][Conv(2, 3, Connections = new[] { \"X \", \"X \" })] public partial class Net { }",
        "NG0010", "Conv(2, 3, Connections = new[] { \"X \", \"X \" })", "C1: output map 1 has no input");

    [Fact]
    public void NG0011_pooling_window_does_not_fit() => Expect(
        "[Network(1, 7, 7)][MaxPool(2)] public partial class Net { }",
        "NG0011", "MaxPool(2)", "S1: a 2x2 window with stride 2 does not tile the 7x7 input exactly");

    [Fact]
    public void NG0012_layer_after_the_output_layer() => Expect(
        "[Network(1, 8, 8)][Dense(4)][Softmax][Dense(2)] public partial class Net { }",
        "NG0012", "Dense(2)", "F3: no layer may follow the output layer 'Output'");

    [Fact]
    public void NG0013_same_padding_with_even_kernel() => Expect(
        "[Network(1, 8, 8)][Conv(2, 4, Padding = Padding.Same)] public partial class Net { }",
        "NG0013", "Conv(2, 4, Padding = Padding.Same)", "Padding.Same needs an odd kernel, but the kernel is 4");

    [Fact]
    public void NG0014_padding_given_twice() => Expect(
        "[Network(1, 8, 8)][Conv(2, 3, Padding = Padding.Same, Pad = 1)] public partial class Net { }",
        "NG0014", "Conv(2, 3, Padding = Padding.Same, Pad = 1)", "either Padding = Same or Pad = 1");

    [Fact]
    public void NG0015_duplicate_layer_name() => Expect(
        "[Network(1, 8, 8)][Dense(4, Name = \"fc\")][Dense(2, Name = \"fc\")] public partial class Net { }",
        "NG0015", "Dense(2, Name = \"fc\")", "Two layers are named 'fc'");

    [Fact]
    public void NG0016_invalid_layer_name() => Expect(
        "[Network(1, 8, 8)][Dense(4, Name = \"2fc\")] public partial class Net { }",
        "NG0016", "Dense(4, Name = \"2fc\")", "'2fc' is not a valid layer name");

    [Fact]
    public void NG0017_nested_class() => Expect(
        "public partial class Outer { [Network(1, 8, 8)][Dense(2)] public partial class Net { } }",
        "NG0017", "Net", "'Net' must be a non-generic class that is not nested");

    [Fact]
    public void NG0018_unknown_activation() => Expect(
        "[Network(1, 8, 8)][Dense(4, (Activation)42)] public partial class Net { }",
        "NG0018", "Dense(4, (Activation)42)", "F1: 42 is not a known Activation");

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
    public void NG0020_network_too_large() => Expect(
        "[Network(1, 1000, 1000)][Dense(100000)] public partial class Net { }",
        "NG0020", "Dense(100000)", "F1: the weights would need 100000000000 floats");

    [Fact]
    public void NG0021_groups_do_not_divide_the_maps() => Expect(
        "[Network(3, 8, 8)][Conv(4, 3, Groups = 2)] public partial class Net { }",
        "NG0021", "Conv(4, 3, Groups = 2)", "C1: 2 groups do not divide the 3 input maps and 4 output maps evenly");

    [Fact]
    public void NG0022_groups_and_a_table() => Expect(
        "[Network(2, 8, 8)][Conv(2, 3, Groups = 2, Connections = new[] { \"X \", \" X\" })] public partial class Net { }",
        "NG0022", "Conv(2, 3, Groups = 2, Connections = new[] { \"X \", \" X\" })", "give either Groups or Connections");

    [Fact]
    public void NG0023_dropout_rate_out_of_range() => Expect(
        "[Network(1, 8, 8)][Dense(4)][Dropout(1.0)] public partial class Net { }",
        "NG0023", "Dropout(1.0)", "D2: the dropout rate must be at least 0 and below 1, but is 1");

    [Fact]
    public void NG0028_learned_connections_with_groups() => Expect(
        "[Network(2, 8, 8)][Conv(2, 3, Groups = 2, LearnConnections = true)] public partial class Net { }",
        "NG0028", "Conv(2, 3, Groups = 2, LearnConnections = true)", "C1: LearnConnections learns the table itself");

    [Fact]
    public void Attributes_with_wrong_arguments_are_left_to_the_compiler()
    {
        var (result, output) = GeneratorHarness.Run("using NetGen;\n[Network(1, 8)][Dense(2)] public partial class Net { }");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Contains(output.GetDiagnostics(), d => d.Id == "CS7036");
    }

    [Fact]
    public void Every_descriptor_has_a_test()
    {
        var ids = typeof(NetworkGenerator).Assembly.GetType("NetGen.Generator.Diagnostics.DiagnosticDescriptors")!
            .GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToHashSet();
        var tested = typeof(DiagnosticTests).GetMethods().Concat(typeof(WeightsTests).GetMethods())
            .Select(m => m.Name).Where(n => n.StartsWith("NG", StringComparison.Ordinal)).Select(n => n[..6]).ToHashSet();
        Assert.Equal(ids.Order(), tested.Order());
    }
}
