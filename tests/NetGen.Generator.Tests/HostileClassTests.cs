using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.Generator.Tests;

/// <summary>Class declarations that once lost the whole generator output or generated code that did not compile.</summary>
public class HostileClassTests
{
    private const string Layers = "[Network(1, 8, 8)][Conv(2, 3)][Dense(2)]";

    private static GeneratorRunResult CompilesClean(params string[] sources)
    {
        var (result, output) = GeneratorHarness.Run(sources);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        var errors = GeneratorHarness.Errors(output);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return result;
    }

    [Fact]
    public void Two_classes_Net_in_two_namespaces_get_two_files()
    {
        var result = CompilesClean($"using NetGen;\nnamespace A {{ {Layers} public partial class Net {{ }} }}\nnamespace B {{ {Layers} public partial class Net {{ }} }}");
        Assert.Equal(["A.Net.g.cs", "B.Net.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Namespaces_A_B_and_A_underscore_B_do_not_share_a_file()
    {
        var result = CompilesClean($"using NetGen;\nnamespace A.B {{ {Layers} public partial class Net {{ }} }}\nnamespace A_B {{ {Layers} public partial class Net {{ }} }}");
        Assert.Equal(["A.B.Net.g.cs", "A_B.Net.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Names_that_differ_only_in_case_get_files_the_compiler_tells_apart()
    {
        // The compiler compares hint names ignoring case.
        var result = CompilesClean($"using NetGen;\nnamespace Demo {{ {Layers} public partial class Net {{ }}\n{Layers} public partial class NET {{ }} }}");
        Assert.Equal(["Demo.NET.g.cs", "Demo.Net-2.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Network_on_two_partial_declarations_generates_once()
    {
        var (result, output) = GeneratorHarness.Run($"using NetGen;\n{Layers} public partial class Net {{ }}", "using NetGen;\n[Network(1, 8, 8)] public partial class Net { }");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("Net.g.cs", Assert.Single(result.GeneratedSources).HintName);
        // The duplicate attribute is the compiler's error, and the only one.
        Assert.Equal(["CS0579"], GeneratorHarness.Errors(output).Select(d => d.Id).Distinct());
    }

    [Fact]
    public void A_class_and_a_namespace_named_by_keywords_compile()
    {
        var result = CompilesClean($"using NetGen;\nnamespace @class.@var {{ {Layers} public partial class @class {{ }} }}");
        Assert.Equal("class.var.class.g.cs", Assert.Single(result.GeneratedSources).HintName);
    }

    [Fact]
    public void User_types_with_NetGen_names_elsewhere_do_not_disturb_the_generated_code()
    {
        // Types named like NetGen's in an unrelated namespace are not in the class's scope.
        CompilesClean($"using NetGen;\nnamespace Other {{ class Activation {{ }} class Vectors {{ }} }}\nnamespace Demo {{ {Layers} public partial class Net {{ }} }}");
    }

    /// <summary>
    /// The hidden-name check (NG0034) guards the names in GeneratedReferences: every simple name the generated code of
    /// every sample network binds to a type or namespace, and every extension method it calls, must be in its lists.
    /// </summary>
    [Fact]
    public void Every_name_the_generated_code_looks_up_is_guarded()
    {
        var guarded = typeof(NetworkGenerator).Assembly.GetType("NetGen.Generator.Parsing.GeneratedReferences")!;
        var all = (System.Collections.IEnumerable)guarded.GetField("All")!.GetValue(null)!;
        var known = all.Cast<object>().Select(r => (string)r.GetType().GetProperty("FullName")!.GetValue(r)!).ToHashSet();
        var extensions = (IEnumerable<string>)guarded.GetField("ExtensionMethods")!.GetValue(null)!;
        known.UnionWith(extensions.Select(m => "System.MemoryExtensions." + m));
        string[] networks = ["samples/LeNet5/LeNet5.cs", "tests/Networks/ZooNet.cs", "tests/Networks/ResTiny.cs", "tests/Networks/BnNet.cs",
            "tests/Networks/LearnedNet.cs", "tests/Networks/TableNet.cs", "tests/Networks/PoolNet.cs", "tests/Networks/AutoencoderTiny.cs"];
        var missing = new SortedSet<string>();
        foreach (var network in networks)
        {
            var (result, output) = GeneratorHarness.Run(GeneratorHarness.RepositoryFile(network));
            foreach (var generated in result.GeneratedSources)
            {
                var tree = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(generated.HintName, StringComparison.Ordinal));
                var model = output.GetSemanticModel(tree);
                foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
                    if (model.GetSymbolInfo(call).Symbol is IMethodSymbol { ReducedFrom: not null } extension)
                        CheckKnown(extension.ContainingType.ToDisplayString() + "." + extension.Name);
                foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    // Only names found by lookup: not the right side of a qualified name or member access.
                    if (name.Parent is QualifiedNameSyntax q && q.Right == name) continue;
                    if (name.Parent is MemberAccessExpressionSyntax m && m.Name == name) continue;
                    // "where V : unmanaged" is a contextual keyword: guarded as a name that must mean nothing.
                    if (name.Identifier.Text == "unmanaged") { CheckKnown("unmanaged"); continue; }
                    var symbol = model.GetSymbolInfo(name).Symbol ?? model.GetTypeInfo(name).Type;
                    if (symbol is INamedTypeSymbol { TypeKind: not TypeKind.TypeParameter } type && type.ContainingType is null && !type.IsImplicitlyDeclared
                        && type.SpecialType == SpecialType.None && name.Identifier.Text == type.Name && !type.Locations.Any(l => l.IsInSource))
                        CheckKnown(type.ContainingNamespace.ToDisplayString() + "." + type.Name);
                    else if (symbol is INamespaceSymbol ns && ns.ContainingNamespace.IsGlobalNamespace)
                        CheckKnown(ns.Name);
                }
            }
        }
        Assert.Empty(missing);

        void CheckKnown(string fullName)
        {
            if (!known.Contains(fullName)) missing.Add(fullName);
        }
    }
}
