using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests;

/// <summary>
/// [ConvTranspose]'s invalid declarations (rows of <see cref="DiagnosticCases"/>): one diagnostic each, on the attribute.
/// NG0058 output padding not below the stride or the dilation (PyTorch's rule), NG0059 pads that cut off the whole
/// output, NG0060 groups that do not divide the maps; out-of-range values and geometry given twice keep Conv's ids.
/// </summary>
public static class ConvTransposeDiagnosticCases
{
    private static DiagnosticCase Case(string id, string label, string attribute, params string[] message) =>
        new(id, label, $"using NetGen;\n[Network(4, 5, 6)][{attribute}] public partial class Net {{ }}", attribute, message);

    public static DiagnosticCase[] All =>
    [
        Case("NG0058", "output padding equal to the stride", "ConvTranspose(2, 3, Stride = 2, OutputPadding = 2)",
            "CT1: the rows' output padding 2 must be smaller than the stride 2 or the dilation 1"),
        Case("NG0058", "output padding at stride 1", "ConvTranspose(2, 3, OutputPadding = 1)", "the rows' output padding 1 must be smaller"),
        Case("NG0058", "columns' output padding past stride and dilation", "ConvTranspose(2, 3, StrideW = 2, DilationW = 2, OutputPaddingW = 2)",
            "CT1: the columns' output padding 2 must be smaller than the stride 2 or the dilation 2"),
        Case("NG0059", "pads cut off every row", "ConvTranspose(2, 1, Pad = 3)", "CT1: the rows: (5 - 1)*1 - 3 - 3 + 1*(1 - 1) + 0 + 1 = -1 leaves no output"),
        Case("NG0059", "pads cut off every column", "ConvTranspose(2, 3, 1, PadLeft = 6)", "CT1: the columns: (6 - 1)*1 - 6 - 0 + 1*(1 - 1) + 0 + 1 = 0 leaves no output"),
        Case("NG0060", "groups do not divide the output maps", "ConvTranspose(3, 3, Groups = 2)", "CT1: 2 groups do not divide the 4 input maps and 3 output maps"),
        Case("NG0060", "groups do not divide the input maps", "ConvTranspose(6, 3, Groups = 3)", "CT1: 3 groups do not divide the 4 input maps and 6 output maps"),
        Case("NG0004", "transposed kernel 0", "ConvTranspose(2, 0)", "CT1: kernel must be at least 1, but is 0"),
        Case("NG0004", "transposed stride 0", "ConvTranspose(2, 3, Stride = 0)", "CT1: Stride must be at least 1, but is 0"),
        Case("NG0004", "negative output padding", "ConvTranspose(2, 3, OutputPadding = -1)", "CT1: OutputPadding must be at least 0, but is -1"),
        Case("NG0004", "negative transposed pad", "ConvTranspose(2, 3, PadBottom = -2)", "CT1: PadBottom must be at least 0, but is -2"),
        Case("NG0004", "transposed groups 0", "ConvTranspose(2, 3, Groups = 0)", "CT1: Groups must be at least 1, but is 0"),
        Case("NG0044", "transposed Pad and a side", "ConvTranspose(2, 3, Pad = 1, PadTop = 1)", "CT1: Pad = 1 and PadTop = 1 both set the padding"),
        Case("NG0044", "transposed OutputPadding twice", "ConvTranspose(2, 3, Stride = 2, OutputPadding = 1, OutputPaddingW = 1)",
            "CT1: OutputPadding = 1 and OutputPaddingW = 1 both set the output padding"),
        Case("NG0020", "transposed output too tall", "ConvTranspose(2, 3, Stride = 32767)", "CT1: the output height is"),
    ];
}

/// <summary>Valid [ConvTranspose] declarations generate code that compiles without a warning.</summary>
public class ConvTransposeDiagnosticTests
{
    [Theory]
    [InlineData("ConvTranspose(3, 3)")]
    [InlineData("ConvTranspose(2, 4, Activation.ReLU, Stride = 2, Pad = 1)")]
    [InlineData("ConvTranspose(2, 3, Stride = 2, Pad = 1, OutputPadding = 1, Bias = false)")]
    [InlineData("ConvTranspose(4, 3, 2, Activation.Tanh, StrideH = 3, DilationW = 3, OutputPaddingH = 2, OutputPaddingW = 2, Groups = 2)")]   // output padding below the dilation
    [InlineData("ConvTranspose(2, 2, PadTop = 1, PadRight = 1, Stride = 3, OutputPadding = 2)")]
    [InlineData("ConvTranspose(6, 3, Activation.Mish, Groups = 2)")]   // the activation splits off
    public void A_valid_transposed_convolution_generates_code_that_compiles(string attribute)
    {
        var (result, output) = GeneratorHarness.Run($"using NetGen;\n[Network(4, 5, 6)][{attribute}][Dense(3)] public partial class Net {{ }}");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedSources);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
