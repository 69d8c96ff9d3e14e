using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Tests.Fuzz;

/// <summary>
/// Hostile declarations through the real generator driver. For every one: no exception, no NG0019, a bounded time,
/// and either an error diagnostic placed in the source or generated code that compiles without errors and stays within
/// the size the generator estimated before emitting. A few small accepted networks also run Forward and Backward.
/// </summary>
public class GeneratorFuzzTests(Xunit.Abstractions.ITestOutputHelper log)
{
    /// <summary>Declarations generated per run, from a fixed seed (so a failure reproduces).</summary>
    private const int Declarations = 800;
    private const int Seed = 20261130;

    /// <summary>Per declaration, generation alone (the budgets keep it far below: the slowest seen take well under a second).</summary>
    private static readonly TimeSpan MaxGeneration = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Accepted networks whose Forward and Backward are run: every <see cref="RunEvery"/>th, so they differ (emitting an
    /// assembly costs about a second). A read or write outside a buffer would crash the test host.
    /// </summary>
    private const int Runs = 8, RunEvery = 16;

    private sealed record Outcome(bool Accepted, string? Failure, int RunsDone);

    [Fact]
    public void The_regression_corpus_replays_clean()
    {
        string corpus = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ThisFile())!, "corpus.txt"));
        var declarations = corpus.Split("\n----\n").Select(d => d.Trim()).Where(d => d.Length > 0 && !d.StartsWith("#", StringComparison.Ordinal)).ToList();
        Assert.True(declarations.Count >= 10, "the corpus lost its entries");
        var failures = declarations.Select(d => Check(d, run: false).Failure).Where(f => f is not null).ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Fact]
    public void Random_declarations_never_break_the_generator()
    {
        var watch = Stopwatch.StartNew();
        var generator = new DeclarationGenerator(Seed);
        int accepted = 0, runs = 0;
        var failures = new List<string>();
        for (int i = 0; i < Declarations && failures.Count < 5; i++)
        {
            var outcome = Check(generator.Next(), run: runs < Runs && accepted % RunEvery == 0);
            if (outcome.Failure is not null) failures.Add(outcome.Failure);
            if (outcome.Accepted) accepted++;
            runs += outcome.RunsDone;
        }
        log.WriteLine($"{Declarations} declarations: {accepted} accepted and compiled, {runs} run, in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        // The generator must keep producing both kinds, or the test checks only one side.
        Assert.InRange(accepted, Declarations / 20, Declarations - Declarations / 20);
        Assert.Equal(Runs, runs);
    }

    private static Outcome Check(string source, bool run)
    {
        string Fail(string what) => $"{what}\n{source}";
        var watch = Stopwatch.StartNew();
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        watch.Stop();
        if (result.Exception is not null) return new(false, Fail("the generator threw " + result.Exception), 0);
        if (watch.Elapsed > MaxGeneration) return new(false, Fail($"generation took {watch.Elapsed}"), 0);
        if (result.Diagnostics.Any(d => d.Id == "NG0019")) return new(false, Fail("NG0019: " + result.Diagnostics.First(d => d.Id == "NG0019")), 0);

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Any(d => d.Location == Location.None)) return new(false, Fail("an error without a location: " + errors.First(d => d.Location == Location.None)), 0);
        // One file per accepted network (a refused one has no model), and every generated file compiles.
        int models = result.TrackedSteps.TryGetValue(StepNames.Model, out var steps) ? steps.SelectMany(s => s.Outputs).Count() : 0;
        if (result.GeneratedSources.Length != models) return new(false, Fail($"{result.GeneratedSources.Length} files for {models} accepted networks"), 0);
        var compileErrors = GeneratorHarness.Errors(output);
        // A declaration the C# compiler itself rejects (say, an attribute argument out of its type) is not the generator's.
        var generatedErrors = compileErrors.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
        if (generatedErrors.Count > 0) return new(false, Fail("the generated code does not compile:\n" + string.Join("\n", generatedErrors.Take(5))), 0);
        if (models == 0)
            return errors.Count > 0 || compileErrors.Count > 0 ? new(false, null, 0) : new(false, Fail("accepted without diagnostics, yet nothing generated"), 0);

        long estimate = Estimate(result);
        int actual = result.GeneratedSources.Sum(s => s.SourceText.Length);
        if (actual > estimate) return new(false, Fail($"generated {actual} characters, more than the estimate {estimate}"), 0);

        if (!run || errors.Count > 0 || compileErrors.Count > 0 || actual > 400_000) return new(errors.Count == 0, null, 0);
        string? runFailure = RunForwardBackward(output);
        return new(true, runFailure is null ? null : Fail(runFailure), 1);
    }

    /// <summary>SourceBudget's estimate of the models the pipeline produced (its Model step's outputs).</summary>
    private static long Estimate(GeneratorRunResult result)
    {
        var models = result.TrackedSteps[StepNames.Model].SelectMany(s => s.Outputs).Select(o => (NetworkModel)o.Value);
        return models.Sum(m => SourceBudget.FileChars + m.Layers.Sum(SourceBudget.Estimate));
    }

    /// <summary>Emits the assembly, runs Forward then Backward once on a seeded input; returns a failure or null.</summary>
    private static string? RunForwardBackward(Compilation output)
    {
        using var image = new MemoryStream();
        var emit = output.Emit(image);
        if (!emit.Success) return "emit failed: " + string.Join("\n", emit.Diagnostics.Take(5));
        var context = new AssemblyLoadContext("fuzz", isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            foreach (var type in assembly.GetTypes().Where(t => typeof(INetwork).IsAssignableFrom(t)))
            {
                var network = (INetwork)Activator.CreateInstance(type)!;
                var random = new Random(1);
                var input = Enumerable.Range(0, network.InputLength).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
                var outputs = new float[network.OutputLength];
                network.Forward(input, outputs);
                network.Backward(outputs, new float[network.InputLength]);
            }
            return null;
        }
        catch (TargetInvocationException e)
        {
            return "running the network threw " + e.InnerException;
        }
        finally
        {
            context.Unload();
        }
    }
}
