using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Onnx;
using NetGen.Generator.Parsing;
using NetGen.Generator.Weights;

namespace NetGen.Generator
{
    /// <summary>
    /// The pipeline, and nothing else: [Network] classes -> parse + analyze (plain values and diagnostics) ->
    /// two outputs: the model, emitted as source, and the diagnostics, reported. The model holds no locations,
    /// so moving a line re-reports diagnostics without re-emitting code.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetworkGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var results = Classes(context, NetworkParser.NetworkAttributeName, static (context, cancellationToken) => Analyze(context, cancellationToken))
                .WithTrackingName(StepNames.Analyze);
            var models = results
                .Select(static (result, _) => result.Model)
                .Where(static model => model is not null)
                .WithTrackingName(StepNames.Model);
            var diagnostics = results
                .Select(static (result, _) => result.Diagnostics)
                .WithTrackingName(StepNames.Diagnostics);
            var imports = OnnxImports(context);
            var importedModels = imports
                .Select(static (result, _) => result.Model)
                .Where(static model => model is not null);

            // Every network's qualified name, for file names unique even where the compiler ignores case (HintNames).
            var qualifiedNames = models
                .Select(static (model, _) => HintNames.QualifiedName(model!.Namespace, model.ClassName))
                .Collect()
                .Combine(importedModels.Select(static (model, _) => HintNames.QualifiedName(model!.Namespace, model.ClassName)).Collect())
                .Select(static (names, _) => names.Left.AddRange(names.Right).ToEquatableArray())
                .WithTrackingName(StepNames.QualifiedNames);

            context.RegisterSourceOutput(models.Combine(qualifiedNames), static (output, pair) =>
            {
                var model = pair.Left!;
                string stem = HintNames.Stem(HintNames.QualifiedName(model.Namespace, model.ClassName), pair.Right);
                AddSource(output, HintNames.Network(stem), model.ClassName, () => NetworkEmitter.Emit(model));
            });
            context.RegisterSourceOutput(diagnostics, static (output, list) =>
            {
                foreach (var diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            });
            context.RegisterSourceOutput(imports.Combine(qualifiedNames), static (output, pair) => EmitImport(output, pair.Left, pair.Right));
            RegisterWeights(context, results, qualifiedNames);
        }

        /// <summary>The classes and record classes carrying <paramref name="attribute"/> (a record struct is refused by the compiler: CS0592).</summary>
        private static IncrementalValuesProvider<T> Classes<T>(IncrementalGeneratorInitializationContext context, string attribute,
            Func<GeneratorAttributeSyntaxContext, System.Threading.CancellationToken, T> transform) =>
            context.SyntaxProvider.ForAttributeWithMetadataName(
                attribute,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax
                    or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: not (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.StructKeyword },
                transform: transform);

        /// <summary>[OnnxModel("x.onnx")]: the class meets the *.onnx AdditionalFiles, and the import gives a model and weights.</summary>
        private static IncrementalValuesProvider<OnnxResult> OnnxImports(IncrementalGeneratorInitializationContext context)
        {
            var requests = Classes(context, OnnxModelParser.AttributeName, static (context, cancellationToken) => ParseOnnx(context, cancellationToken))
                .WithTrackingName(StepNames.OnnxRequest);
            var files = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                .Select(static (text, cancellationToken) => OnnxImport.Read(text, cancellationToken))
                .Collect();
            return requests
                .Combine(files)
                .Select(static (pair, _) => pair.Left.Request is null
                    ? new OnnxResult(null, pair.Left.Diagnostics, null)
                    : OnnxImport.Resolve(pair.Left.Request, pair.Right, pair.Left.Diagnostics))
                .WithTrackingName(StepNames.OnnxImport);
        }

        private static void EmitImport(SourceProductionContext output, OnnxResult result, EquatableArray<string> qualifiedNames)
        {
            foreach (var diagnostic in result.Diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Model is not { } model) return;
            string stem = HintNames.Stem(HintNames.QualifiedName(model.Namespace, model.ClassName), qualifiedNames);
            AddSource(output, HintNames.Network(stem), model.ClassName, () => NetworkEmitter.Emit(model));
            if (result.Weights is { Base64: not null } weights)
                AddSource(output, HintNames.Weights(stem), model.ClassName, () => WeightsEmitter.Emit(weights));
            else if (result.Loader is { } loader)   // weights too large to embed: Load(path) reads them at run time
                AddSource(output, HintNames.Weights(stem), model.ClassName, () => OnnxLoadEmitter.Emit(loader));
        }

        /// <summary>[Weights("x.safetensors")]: the request meets the *.safetensors AdditionalFiles, is checked, and emitted.</summary>
        private static void RegisterWeights(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<AnalysisResult> results,
            IncrementalValueProvider<EquatableArray<string>> qualifiedNames)
        {
            var requests = results
                .Select(static (result, _) => result.Weights)
                .Where(static request => request is not null)
                .WithTrackingName(StepNames.WeightsRequest);
            var files = context.AdditionalTextsProvider
                .Where(static text => text.Path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                .Select(static (text, cancellationToken) => WeightsLoader.Read(text, cancellationToken))
                .Collect();
            var weights = requests
                .Combine(files)
                .Select(static (pair, _) => ResolveWeights(pair.Left!, pair.Right))
                .WithTrackingName(StepNames.Weights);
            context.RegisterSourceOutput(weights.Combine(qualifiedNames), static (output, pair) =>
            {
                var result = pair.Left;
                foreach (var diagnostic in result.Diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
                if (result.Base64 is null) return;
                string stem = HintNames.Stem(HintNames.QualifiedName(result.Namespace, result.ClassName), pair.Right);
                AddSource(output, HintNames.Weights(stem), result.ClassName, () => WeightsEmitter.Emit(result));
            });
        }

        /// <summary>Emits one file; never throws into the compiler, even from a bug in an emitter (NG0019 instead).</summary>
        private static void AddSource(SourceProductionContext output, string hintName, string className, Func<string> emit)
        {
            string source;
            try
            {
                source = emit();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, className, e.GetType().Name + ": " + e.Message));
                return;
            }
            output.AddSource(hintName, source);
        }

        private static AnalysisResult Analyze(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken) =>
            Guarded(context.TargetSymbol.Name, LocationInfo.From(context.TargetNode.GetLocation()), diagnostics =>
            {
                var spec = NetworkParser.Parse(context, diagnostics, cancellationToken);
                var model = spec is null ? null : NetworkAnalyzer.Analyze(spec, diagnostics);
                var weights = model is null || spec!.WeightsPath is null ? null
                    : new WeightsRequest(model.Namespace, model.ClassName, spec.WeightsPath, spec.WeightsLocation,
                        // The blob holds the parameters, then the state (batch norm statistics) after them.
                        TensorSpec.Of(model).Concat(TensorSpec.StateOf(model).Select(t => t with { Offset = model.ParameterCount + t.Offset }))
                            .ToEquatableArray(),
                        BlobLength: model.ParameterCount + model.StateLength, Architecture: model.Architecture, ParameterCount: model.ParameterCount);
                return (model, weights);
            });

        /// <summary>The [OnnxModel] class as a request (or its diagnostics); never throws (NG0019 instead).</summary>
        private static (OnnxRequest? Request, EquatableArray<DiagnosticInfo> Diagnostics) ParseOnnx(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            try
            {
                var request = OnnxModelParser.Parse(context, diagnostics, cancellationToken);
                return (request, diagnostics.ToEquatableArray());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(context.TargetNode.GetLocation()), context.TargetSymbol.Name, e.GetType().Name + ": " + e.Message));
                return (null, diagnostics.ToEquatableArray());
            }
        }

        /// <summary>Checks a [Weights] file against its network; a failure becomes NG0019, never an exception.</summary>
        private static WeightsResult ResolveWeights(WeightsRequest request, System.Collections.Immutable.ImmutableArray<WeightsFile> files)
        {
            try
            {
                return WeightsLoader.Resolve(request, files);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var error = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, request.Location, request.ClassName, e.GetType().Name + ": " + e.Message);
                return new WeightsResult(request.Namespace, request.ClassName, "", null, new[] { error }.ToEquatableArray());
            }
        }

        /// <summary>Runs an analysis; the generator never throws into the compiler, so an unexpected failure becomes NG0019.</summary>
        internal static AnalysisResult Guarded(string className, LocationInfo? at, Func<List<DiagnosticInfo>, (NetworkModel? Model, WeightsRequest? Weights)> analyze)
        {
            var diagnostics = new List<DiagnosticInfo>();
            try
            {
                var (model, weights) = analyze(diagnostics);
                return new AnalysisResult(model, diagnostics.ToEquatableArray(), weights);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, at, className, e.GetType().Name + ": " + e.Message));
                return new AnalysisResult(null, diagnostics.ToEquatableArray(), null);
            }
        }
    }

    internal sealed record AnalysisResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, WeightsRequest? Weights);

    /// <summary>Names of the pipeline steps, which tests use to check what was cached.</summary>
    public static class StepNames
    {
        public const string Analyze = "Analyze";
        public const string Model = "Model";
        public const string Diagnostics = "Diagnostics";
        public const string WeightsRequest = "WeightsRequest";
        public const string Weights = "Weights";
        public const string QualifiedNames = "QualifiedNames";
        public const string OnnxRequest = "OnnxRequest";
        public const string OnnxImport = "OnnxImport";
    }
}
