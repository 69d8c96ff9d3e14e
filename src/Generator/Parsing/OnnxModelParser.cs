using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;

namespace NetGen.Generator.Parsing
{
    /// <summary>
    /// An [OnnxModel] class as plain values: what the import needs besides the file (the layers come from the file, so
    /// the class carries no layer attributes), with the same class checks as a [Network] class.
    /// </summary>
    internal sealed record OnnxRequest(
        string? Namespace, string ClassName, string Accessibility, string Path, LocationInfo? Location, EquatableArray<string> UserMembers);

    /// <summary>Reads the [OnnxModel("model.onnx")] class: the entry point of the ONNX import (Onnx/OnnxImport.cs).</summary>
    internal static class OnnxModelParser
    {
        public const string AttributeName = "NetGen.OnnxModelAttribute";

        public static OnnxRequest? Parse(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            var classLocation = LocationInfo.From(declaration.Identifier.GetLocation());
            var attribute = context.Attributes[0];
            if (attribute.AttributeConstructor is null) return null;   // wrong arguments: the compiler's error
            var at = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, classLocation, type.Name));
                return null;
            }
            string? unsupported = ClassChecks.Unsupported(type, cancellationToken);
            if (unsupported is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedClass, classLocation, type.Name, unsupported));
                return null;
            }
            // [Network] or layer attributes beside [OnnxModel] would declare the network twice.
            var conflicting = type.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c
                && (c.ToDisplayString() == NetworkParser.NetworkAttributeName || c.ToDisplayString() == NetworkParser.WeightsAttributeName
                    || LayerRooms.ByAttribute.ContainsKey(c.ToDisplayString())));
            if (conflicting is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxModelWithLayers, at, type.Name, "[" + conflicting.AttributeClass!.Name.Replace("Attribute", "") + "]"));
                return null;
            }
            if (!ClassChecks.HidesNoGeneratedName(type, context.SemanticModel, declaration.SpanStart, classLocation, diagnostics)) return null;

            string? path = attribute.ConstructorArguments[0].Value as string;
            if (string.IsNullOrWhiteSpace(path))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxPathMissing, at, type.Name, path is null ? "null" : $"\"{path}\""));
                return null;
            }
            var segments = new List<string>();
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace) segments.Insert(0, ns.Name);
            return new OnnxRequest(segments.Count == 0 ? null : string.Join(".", segments), type.Name,
                type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal", path!, at, ClassChecks.UserMembers(type));
        }
    }
}
