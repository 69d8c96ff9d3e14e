using NetGen.Generator.Model;

namespace NetGen.Generator.Tests;

/// <summary>The limits refuse absurd declarations, not real networks: every model of the zoo is accepted, within its estimate.</summary>
public class BudgetTests(Xunit.Abstractions.ITestOutputHelper log)
{
    public static TheoryData<string> Zoo() =>
    [
        .. Directory.GetFiles(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "samples", "ModelZoo", "Models"), "*.cs")
            .Select(f => "samples/ModelZoo/Models/" + Path.GetFileName(f)).Order(StringComparer.Ordinal),
        "samples/LeNet5/LeNet5.cs",
    ];

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Theory]
    [MemberData(nameof(Zoo))]
    public void A_zoo_network_fits_the_budgets_and_its_estimate(string declaration)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(GeneratorHarness.RepositoryFile(declaration)));
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        var model = (NetworkModel)result.TrackedSteps[StepNames.Model].Single().Outputs.Single().Value;
        long estimate = SourceBudget.FileChars + model.Layers.Sum(SourceBudget.Estimate);
        int actual = Assert.Single(result.GeneratedSources).SourceText.Length;
        log.WriteLine($"{model.ClassName}: {model.Layers.Count} layers, {actual:N0} characters generated, {estimate:N0} estimated");
        Assert.InRange(actual, 1, estimate);
        Assert.InRange(estimate, 1, Limits.MaxGeneratedChars);
        Assert.InRange(model.Layers.Count, 1, Limits.MaxLayers);
    }
}
