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
    /// <summary>Reads the [Network] class and its layer attributes into a <see cref="NetworkSpec"/> of plain values.</summary>
    internal static class NetworkParser
    {
        public const string NetworkAttributeName = "NetGen.NetworkAttribute";
        public const string WeightsAttributeName = "NetGen.WeightsAttribute";

        public static NetworkSpec? Parse(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            var classLocation = LocationInfo.From(declaration.Identifier.GetLocation());
            var network = context.Attributes[0];
            // [Network] twice is the compiler's CS0579; generate from the first only, so one class makes one file.
            if (!ClassChecks.IsFirstNetworkAttribute(type, network)) return null;

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
            if (!ClassChecks.HidesNoGeneratedName(type, context.SemanticModel, declaration.SpanStart, classLocation, diagnostics)) return null;

            // An attribute with the wrong arguments is already a compiler error; adding ours would only repeat it.
            if (network.AttributeConstructor is null) return null;
            var networkLocation = AttributeLocation(network, cancellationToken);
            int[] input = network.ConstructorArguments.Select(a => a.Value is int v ? v : 0).ToArray();

            // Layers are the layer attributes in source order. Across partial declarations the order would be
            // the order of files, which the user does not control: refuse that.
            var layerAttributes = type.GetAttributes()
                .Where(a => a.AttributeClass is not null && LayerRooms.ByAttribute.ContainsKey(a.AttributeClass.ToDisplayString()))
                .Where(a => a.ApplicationSyntaxReference is not null && a.AttributeConstructor is not null)
                .ToList();
            var declarations = layerAttributes
                .Select(a => a.ApplicationSyntaxReference!.GetSyntax(cancellationToken).FirstAncestorOrSelf<ClassDeclarationSyntax>())
                .Distinct()
                .ToList();
            if (declarations.Count > 1)
            {
                var second = layerAttributes.First(a => a.ApplicationSyntaxReference!.GetSyntax(cancellationToken).FirstAncestorOrSelf<ClassDeclarationSyntax>() != declarations[0]);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersSplitAcrossDeclarations, AttributeLocation(second, cancellationToken), type.Name));
                return null;
            }
            layerAttributes.Sort((a, b) => a.ApplicationSyntaxReference!.Span.Start.CompareTo(b.ApplicationSyntaxReference!.Span.Start));

            var layers = layerAttributes.Select(a => ParseLayer(a, cancellationToken)).ToEquatableArray();
            string accessibility = type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
            var weights = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == WeightsAttributeName && a.AttributeConstructor is not null);
            string? weightsPath = weights?.ConstructorArguments[0].Value as string;
            if (weights is not null && string.IsNullOrWhiteSpace(weightsPath))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsPathMissing, AttributeLocation(weights, cancellationToken), type.Name,
                    weightsPath is null ? "null" : $"\"{weightsPath}\""));
                return null;
            }
            return new NetworkSpec(Namespace(type), type.Name, accessibility,
                input.Length > 0 ? input[0] : 0, input.Length > 1 ? input[1] : 0, input.Length > 2 ? input[2] : 0,
                layers, networkLocation,
                weightsPath, weights is null ? null : AttributeLocation(weights, cancellationToken), ClassChecks.UserMembers(type));
        }

        /// <summary>The namespace as its segments' plain names joined by '.' (the emitter escapes keywords), or null.</summary>
        private static string? Namespace(INamedTypeSymbol type)
        {
            var segments = new List<string>();
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace) segments.Insert(0, ns.Name);
            return segments.Count == 0 ? null : string.Join(".", segments);
        }

        /// <summary>The attribute's room maps its arguments (Layers/*Room.cs Parse).</summary>
        private static LayerSpec ParseLayer(AttributeData attribute, CancellationToken cancellationToken) =>
            LayerRooms.ByAttribute[attribute.AttributeClass!.ToDisplayString()].Parse(new AttributeArguments(attribute, AttributeLocation(attribute, cancellationToken)));

        private static LocationInfo? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
            LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());
    }
}
