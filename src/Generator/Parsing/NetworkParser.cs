using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing
{
    /// <summary>Reads the [Network] class and its layer attributes into a <see cref="NetworkSpec"/> of plain values.</summary>
    internal static class NetworkParser
    {
        public const string NetworkAttributeName = "NetGen.NetworkAttribute";
        public const string WeightsAttributeName = "NetGen.WeightsAttribute";

        private static readonly Dictionary<string, LayerKind> LayerAttributes = new()
        {
            ["NetGen.ConvAttribute"] = LayerKind.Conv,
            ["NetGen.SubsampleAttribute"] = LayerKind.Subsample,
            ["NetGen.MaxPoolAttribute"] = LayerKind.MaxPool,
            ["NetGen.AvgPoolAttribute"] = LayerKind.AvgPool,
            ["NetGen.DenseAttribute"] = LayerKind.Dense,
            ["NetGen.RbfAttribute"] = LayerKind.Rbf,
            ["NetGen.SoftmaxAttribute"] = LayerKind.Softmax,
            ["NetGen.LocalResponseNormAttribute"] = LayerKind.LocalResponseNorm,
            ["NetGen.DropoutAttribute"] = LayerKind.Dropout,
            ["NetGen.GlobalAvgPoolAttribute"] = LayerKind.GlobalAvgPool,
            ["NetGen.BatchNormAttribute"] = LayerKind.BatchNorm,
            ["NetGen.ResidualAttribute"] = LayerKind.Residual,
            ["NetGen.InceptionAttribute"] = LayerKind.Inception,
            ["NetGen.UpsampleAttribute"] = LayerKind.Upsample,
        };

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
                .Where(a => a.AttributeClass is not null && LayerAttributes.ContainsKey(a.AttributeClass.ToDisplayString()))
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

        private static LayerSpec ParseLayer(AttributeData attribute, CancellationToken cancellationToken)
        {
            var kind = LayerAttributes[attribute.AttributeClass!.ToDisplayString()];
            var args = attribute.ConstructorArguments;
            int Arg(int i, int fallback) => i < args.Length && args[i].Value is int v ? v : fallback;
            double Real(int i, double fallback) => i < args.Length && args[i].Value is double v ? v : fallback;

            string? name = null;
            // Defaults as the attributes declare them: a Conv's or Residual's stride 1, a pooling stride 0 ("the window"),
            // a Conv's Pad -1 ("not given"), a pooling Pad 0.
            int stride = kind is LayerKind.Conv or LayerKind.Residual ? 1 : 0, padding = 0, pad = kind == LayerKind.Conv ? -1 : 0, groups = 1;
            double alpha = 1e-4, beta = 0.75, bias = 2, epsilon = 1e-5, momentum = 0.1;
            bool dropRemainder = false, bottleneck = false, noBias = false, learn = false;
            int repeat = 1;
            bool trainable = false, hasTable = false;
            var table = EquatableArray<string>.Empty;
            foreach (var named in attribute.NamedArguments)
            {
                switch (named.Key)
                {
                    case "Name": name = named.Value.Value as string; break;
                    case "Stride": stride = named.Value.Value is int s ? s : stride; break;
                    case "Padding": padding = named.Value.Value is int p ? p : 0; break;
                    case "Pad": pad = named.Value.Value is int q ? q : pad; break;
                    case "Trainable": trainable = named.Value.Value is true; break;
                    case "Groups": groups = named.Value.Value is int g ? g : 1; break;
                    case "Alpha": alpha = named.Value.Value is double a ? a : alpha; break;
                    case "Beta": beta = named.Value.Value is double b ? b : beta; break;
                    case "K": bias = named.Value.Value is double k ? k : bias; break;
                    case "Epsilon": epsilon = named.Value.Value is double eps ? eps : epsilon; break;
                    case "Momentum": momentum = named.Value.Value is double mo ? mo : momentum; break;
                    case "DropRemainder": dropRemainder = named.Value.Value is true; break;
                    case "Bias": noBias = named.Value.Value is false; break;
                    case "LearnConnections": learn = named.Value.Value is true; break;
                    case "Bottleneck": bottleneck = named.Value.Value is true; break;
                    case "Repeat": repeat = named.Value.Value is int r ? r : repeat; break;
                    case "Connections":
                        hasTable = !named.Value.IsNull;
                        if (hasTable)
                            table = named.Value.Values.Select(v => v.Value as string ?? "").ToEquatableArray();
                        break;
                }
            }

            // Constructor shapes: Conv(maps, kernel, act), Subsample(size, act), MaxPool(size), AvgPool(size),
            // Dense(units, act), Rbf(classes), Softmax(), LocalResponseNorm(size), Dropout(rate), GlobalAvgPool(),
            // BatchNorm(act), Residual(maps), Inception(six columns).
            return kind switch
            {
                LayerKind.Conv => new LayerSpec(kind, name, Arg(0, 0), Arg(1, 0), Arg(2, 0), stride, padding, pad, table, hasTable, true, AttributeLocation(attribute, cancellationToken), Groups: groups, DropRemainder: dropRemainder, NoBias: noBias, LearnConnections: learn),
                LayerKind.Upsample => new LayerSpec(kind, name, 0, Arg(0, 0), 0, 1, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken)),
                LayerKind.BatchNorm => new LayerSpec(kind, name, 0, 0, Arg(0, 0), 1, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken), Epsilon: epsilon, Rate: momentum),
                LayerKind.Residual => new LayerSpec(kind, name, Arg(0, 0), 0, 0, stride, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken), Repeat: repeat, Bottleneck: bottleneck),
                LayerKind.Inception => new LayerSpec(kind, name, 0, 0, 0, 1, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken),
                    Columns: Enumerable.Range(0, 6).Select(i => Arg(i, 0)).ToEquatableArray()),
                LayerKind.LocalResponseNorm => new LayerSpec(kind, name, 0, Arg(0, 0), 0, 1, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken), Alpha: alpha, Beta: beta, Bias: bias),
                LayerKind.Dropout => new LayerSpec(kind, name, 0, 0, 0, 1, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken), Rate: Real(0, 0.5)),
                LayerKind.Subsample => new LayerSpec(kind, name, 0, Arg(0, 0), Arg(1, 0), stride, 0, 0, table, false, true, AttributeLocation(attribute, cancellationToken), DropRemainder: dropRemainder),
                LayerKind.MaxPool or LayerKind.AvgPool => new LayerSpec(kind, name, 0, Arg(0, 0), 0, stride, 0, pad, table, false, true, AttributeLocation(attribute, cancellationToken), DropRemainder: dropRemainder),
                LayerKind.Dense => new LayerSpec(kind, name, Arg(0, 0), 0, Arg(1, 0), 1, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken)),
                LayerKind.Rbf => new LayerSpec(kind, name, Arg(0, 0), 0, 0, 1, 0, -1, table, false, trainable, AttributeLocation(attribute, cancellationToken)),
                _ => new LayerSpec(kind, name, 0, 0, 0, 1, 0, -1, table, false, true, AttributeLocation(attribute, cancellationToken)),
            };
        }

        private static LocationInfo? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
            LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());
    }
}
