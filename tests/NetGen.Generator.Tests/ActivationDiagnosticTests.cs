namespace NetGen.Generator.Tests;

/// <summary>
/// The invalid arguments of [Activation] and [LeakyRelu]: one diagnostic each, on the attribute, with the existing ids
/// (NG0018 for an unknown function, NG0029 for an argument out of range or one the function does not take).
/// </summary>
public class ActivationDiagnosticTests
{
    private static DiagnosticCase Case(string id, string label, string attribute, params string[] message) =>
        new(id, label, $"using NetGen;\n[Network(2, 4, 4)][{attribute}] public partial class Net {{ }}", attribute, message);

    public static readonly DiagnosticCase[] All =
    [
        Case("NG0018", "unknown function", "Activation((Activation)99)", "A1: 99 is not a known Activation"),
        Case("NG0018", "negative function", "Activation((Activation)(-1))", "A1: -1 is not a known Activation"),
        Case("NG0029", "identity", "Activation(Activation.Identity)", "A1: Function must be an activation other than Identity, but is Identity"),
        Case("NG0070", "slope on GELU", "Activation(Activation.Gelu, Slope = 0.2f)", "A1: Slope = 0.2 is not an argument of Gelu; only LeakyRelu and Prelu take it"),
        Case("NG0070", "alpha on SELU", "Activation(Activation.Selu, Alpha = 2f)", "A1: Alpha = 2 is not an argument of Selu; only Elu and Celu take it"),
        Case("NG0070", "alpha on LeakyReLU", "Activation(Activation.LeakyRelu, Alpha = 1f)", "A1: Alpha = 1 is not an argument of LeakyRelu"),
        Case("NG0029", "ELU alpha 0", "Activation(Activation.Elu, Alpha = 0f)", "A1: Alpha must be a finite number above 0", "but is 0"),
        Case("NG0029", "CELU alpha negative", "Activation(Activation.Celu, Alpha = -1f)", "A1: Alpha must be a finite number above 0", "but is -1"),
        Case("NG0029", "CELU alpha infinite", "Activation(Activation.Celu, Alpha = float.PositiveInfinity)", "A1: Alpha must be a finite number above 0"),
        Case("NG0029", "leaky slope infinite", "Activation(Activation.LeakyRelu, Slope = float.NegativeInfinity)", "A1: Slope must be a finite number"),
        Case("NG0029", "PReLU slope infinite", "Activation(Activation.Prelu, Slope = float.PositiveInfinity)", "A1: Slope must be a finite number"),
        Case("NG0029", "[LeakyRelu] slope NaN", "LeakyRelu(Slope = float.NaN)", "L1: Slope must be a finite number", "but is NaN"),
        Case("NG0029", "PReLU fused", "Conv(2, 3, Activation.Prelu)", "C1: the fused activation must be one without parameters (write [Activation(Activation.Prelu)] after the layer), but is Prelu"),
        Case("NG0018", "fused unknown", "Dense(2, (Activation)19)", "F1: 19 is not a known Activation"),
    ];

    public static TheoryData<string> Cases() => [.. All.Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_invalid_activation_gets_one_diagnostic_on_its_attribute(string name)
    {
        var c = All.Single(x => x.ToString() == name);
        DiagnosticTests.Produce(c);
        var (result, _) = GeneratorHarness.Run(c.Source);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData("Activation(Activation.Gelu)")]
    [InlineData("Activation(Activation.Prelu, Slope = 0.5f)")]
    [InlineData("Activation(Activation.Elu, Alpha = float.NaN)")]   // NaN: left out, the default alpha 1
    [InlineData("Activation(Activation.LeakyRelu, Slope = -2f)")]
    [InlineData("Conv(3, 3, Activation.Mish)")]       // splits off: C1, C1_mish
    [InlineData("BatchNorm(Activation.Relu6)")]       // undone from the output
    public void A_valid_activation_generates_code_that_compiles(string attribute)
    {
        var (result, output) = GeneratorHarness.Run($"using NetGen;\n[Network(2, 4, 4)][{attribute}][Dense(3)] public partial class Net {{ }}");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedSources);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
