using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Model;

namespace NetGen.Generator.Tests;

/// <summary>The pipeline must not redo work the input did not change.</summary>
public class CacheabilityTests
{
    private static readonly string LeNet = GeneratorHarness.RepositoryFile("samples/LeNet5/LeNet5.cs");

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void Running_twice_on_the_same_compilation_caches_every_step()
    {
        var compilation = GeneratorHarness.Compile(LeNet);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation);
        foreach (var step in new[] { StepNames.Analyze, StepNames.Model, StepNames.Diagnostics })
            Assert.All(Reasons(driver, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_model_unchanged()
    {
        var compilation = GeneratorHarness.Compile(LeNet);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int X => 1; }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);
        Assert.All(Reasons(driver, StepNames.Model), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Moving_the_declaration_down_a_line_does_not_change_the_model()
    {
        var compilation = GeneratorHarness.Compile(LeNet);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "\n\n// a comment\n")));
        driver = driver.RunGenerators(moved);
        Assert.All(Reasons(driver, StepNames.Model), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Changing_a_layer_changes_the_model()
    {
        var compilation = GeneratorHarness.Compile(LeNet);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        string text = tree.GetText().ToString().Replace("[Dense(84, Activation.ScaledTanh)]", "[Dense(84, Activation.Tanh)]");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text))));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, StepNames.Model));
    }

    [Fact]
    public void The_model_holds_no_symbols_syntax_or_compilations()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(Location), typeof(SemanticModel) };
        var seen = new HashSet<Type>();
        void Walk(Type t)
        {
            if (!seen.Add(t) || t.IsPrimitive || t == typeof(string) || t.IsEnum) return;
            Assert.DoesNotContain(forbidden, f => f.IsAssignableFrom(t));
            foreach (var g in t.IsGenericType ? t.GetGenericArguments() : []) Walk(g);
            if (t.IsArray) Walk(t.GetElementType()!);
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)) Walk(p.PropertyType);
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)) Walk(f.FieldType);
        }
        Walk(typeof(NetworkModel));
        Assert.Contains(typeof(LayerModel), seen);
    }
}
