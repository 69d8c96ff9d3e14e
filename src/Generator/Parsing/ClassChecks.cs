using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Parsing
{
    /// <summary>
    /// What the [Network] class itself must be for the generated half to compile: a plain, top-level, non-generic,
    /// instantiable class without a primary constructor, whose scope hides none of the names the generated code uses.
    /// </summary>
    internal static class ClassChecks
    {
        /// <summary>Why NetGen cannot add its members to <paramref name="type"/>, or null.</summary>
        public static string? Unsupported(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (type.ContainingType is not null) return "it is nested in another type";
            if (type.IsGenericType) return "it is generic";
            if (type.IsRecord) return "it is a record, and a copy of it would share the network's buffers";
            if (type.IsStatic) return "it is static, and a network is an object";
            if (type.IsAbstract) return "it is abstract, and NetGen constructs it";
            if (type.IsFileLocal) return "it is file-local, so the generated file cannot extend it";
            // The generated constructors would have to chain to a primary constructor they know nothing of.
            if (type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax { ParameterList: not null }))
                return "it has a primary constructor; declare an ordinary constructor that calls this(seed) instead";
            return null;
        }

        /// <summary>
        /// With [Network] on several partial declarations (the compiler reports CS0579), only the first, in file and
        /// position order, generates: one output per class, never two files with the same name.
        /// </summary>
        public static bool IsFirstNetworkAttribute(INamedTypeSymbol type, AttributeData attribute)
        {
            var first = type.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == NetworkParser.NetworkAttributeName && a.ApplicationSyntaxReference is not null)
                .OrderBy(a => a.ApplicationSyntaxReference!.SyntaxTree.FilePath, System.StringComparer.Ordinal)
                .ThenBy(a => a.ApplicationSyntaxReference!.Span.Start)
                .FirstOrDefault();
            return first is null || first.ApplicationSyntaxReference!.Span == attribute.ApplicationSyntaxReference?.Span
                && first.ApplicationSyntaxReference.SyntaxTree == attribute.ApplicationSyntaxReference.SyntaxTree;
        }

        /// <summary>
        /// The members the class declares itself that a generated member of the same name would collide with: every
        /// member but methods (overloads may share a name), and the constructors with the generated ones' signatures,
        /// as ".ctor()" and ".ctor(int)".
        /// </summary>
        public static EquatableArray<string> UserMembers(INamedTypeSymbol type) => type.GetMembers()
            .Where(m => !m.IsImplicitlyDeclared)
            .Select(m => m switch
            {
                IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } c => c.Parameters.Length == 0 ? ".ctor()"
                    : c.Parameters.Length == 1 && c.Parameters[0].Type.SpecialType == SpecialType.System_Int32 ? ".ctor(int)" : null,
                IMethodSymbol => null,
                _ => m.Name,
            })
            .Where(name => name is not null)
            .Select(name => name!)
            .Distinct()
            .OrderBy(name => name, System.StringComparer.Ordinal)
            .ToEquatableArray();

        /// <summary>
        /// Reports each simple name the generated code uses (<see cref="GeneratedReferences"/>) that, in the class's scope,
        /// means something else: the class itself, a member or nested type of it or its bases, or a type or namespace of
        /// an enclosing namespace, all of which win over the generated file's using directives; and each extension
        /// method it calls that an enclosing namespace declares again.
        /// </summary>
        public static bool HidesNoGeneratedName(INamedTypeSymbol type, SemanticModel model, int position, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            int before = diagnostics.Count;
            foreach (var reference in GeneratedReferences.All)
            {
                string? hider = Hider(type, reference.Name, reference.Namespace) ?? GlobalAlias(model, position, reference.Name);
                if (hider is not null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNameHidden, at, type.Name, hider, reference.FullName, reference.Name));
            }
            foreach (string method in GeneratedReferences.ExtensionMethods)
            {
                string? hider = ExtensionHider(type, method);
                if (hider is not null)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNameHidden, at, type.Name, hider, "System.MemoryExtensions." + method, method));
            }
            return diagnostics.Count == before;
        }

        /// <summary>
        /// A "global using X = ...;" alias of the name: it applies to the generated file too, and an alias is found before
        /// the types its using directives import.
        /// </summary>
        private static string? GlobalAlias(SemanticModel model, int position, string name)
        {
            foreach (var alias in model.LookupNamespacesAndTypes(position, name: name).OfType<IAliasSymbol>())
                if (alias.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is UsingDirectiveSyntax { GlobalKeyword.RawKind: not 0 }))
                    return $"the global using alias '{name}'";
            return null;
        }

        /// <summary>A source extension method named <paramref name="method"/> in a static class of an enclosing namespace, or null.</summary>
        private static string? ExtensionHider(INamedTypeSymbol type, string method)
        {
            for (var ns = type.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
                foreach (var holder in ns.GetTypeMembers())
                    if (holder.MightContainExtensionMethods && holder.Locations.Any(l => l.IsInSource)
                        && holder.GetMembers(method).Any(m => m is IMethodSymbol { IsExtensionMethod: true }))
                        return $"the extension method '{holder.ToDisplayString()}.{method}'";
            return null;
        }

        private static string? Hider(INamedTypeSymbol type, string name, string? intendedNamespace)
        {
            if (type.Name == name) return "the class itself";
            for (var t = type; t is not null; t = t.BaseType)
            {
                var member = t.GetMembers(name).FirstOrDefault();
                if (member is not null) return $"the member '{member.ToDisplayString()}'";
            }
            for (var ns = type.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
                foreach (var symbol in ns.GetMembers(name))
                    if (!IsIntended(symbol, intendedNamespace)) return $"'{symbol.ToDisplayString()}'";
            return null;
        }

        /// <summary>
        /// The symbol the generated code means: a root namespace, nothing (a contextual keyword), or a referenced (not
        /// source) type of its namespace.
        /// </summary>
        private static bool IsIntended(ISymbol symbol, string? intendedNamespace) =>
            intendedNamespace is null ? symbol is INamespaceSymbol { ContainingNamespace.IsGlobalNamespace: true }
            : intendedNamespace.Length == 0 ? false
            : symbol is INamedTypeSymbol && !symbol.Locations.Any(l => l.IsInSource) && symbol.ContainingNamespace.ToDisplayString() == intendedNamespace;
    }
}
