using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests;

/// <summary>Compiles source text against the runtime and runs the generator on it, in memory.</summary>
public static class GeneratorHarness
{
    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(typeof(NetGen.NetworkAttribute).Assembly.Location),
    ];

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new NetworkGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its result and the compilation with the generated code added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Runs the generator with AdditionalFiles written to a temporary folder (the generator reads their bytes).</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(string source, IReadOnlyList<(string Name, byte[] Bytes)> files)
    {
        string folder = Directory.CreateTempSubdirectory("netgen-files-").FullName;
        try
        {
            var texts = files.Select(f =>
            {
                string path = Path.Combine(folder, f.Name);
                File.WriteAllBytes(path, f.Bytes);
                return (AdditionalText)new FileText(path);
            }).ToImmutableArray();
            var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], texts, ParseOptions)
                .RunGeneratorsAndUpdateCompilation(Compile(source), out var output, out _);
            return (driver.GetRunResult().Results.Single(), output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>An AdditionalFiles item on disk.</summary>
    public sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;
        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(Path, System.Text.Encoding.Latin1));
    }

    /// <summary>The errors of a compilation with the generated code in it.</summary>
    public static List<Diagnostic> Errors(Compilation output) =>
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>The text of a file of this repository, by path relative to the repository root.</summary>
    public static string RepositoryFile(string relativePath, [CallerFilePath] string thisFile = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", relativePath));
}
