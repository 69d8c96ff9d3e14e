using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// Turns a <see cref="NetworkSpec"/> into a <see cref="NetworkModel"/>: names every layer, checks the order rules,
    /// and builds the layer list (shapes, counts, memory plan) through <see cref="GraphBuilder"/>, expanding blocks.
    /// Every problem becomes a diagnostic on its attribute.
    /// </summary>
    internal static class NetworkAnalyzer
    {
        private static readonly Regex Identifier = new("^[A-Za-z][A-Za-z0-9_]*$");

        public static NetworkModel? Analyze(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
        {
            int errorsBefore = diagnostics.Count;
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor d, LocationInfo? at, params object[] args) =>
                diagnostics.Add(DiagnosticInfo.Create(d, at, args));

            if (spec.Layers.IsEmpty)
            {
                Report(DiagnosticDescriptors.NoLayers, spec.Location, spec.ClassName);
                return null;
            }
            LayerRules.CheckAtLeast(spec.ClassName, "channels", spec.Channels, 1, spec.Location, diagnostics);
            LayerRules.CheckAtLeast(spec.ClassName, "height", spec.Height, 1, spec.Location, diagnostics);
            LayerRules.CheckAtLeast(spec.ClassName, "width", spec.Width, 1, spec.Location, diagnostics);
            if (diagnostics.Count > errorsBefore) return null;
            if (!LayerRules.Fits(spec.ClassName, "the input", (long)spec.Channels * spec.Height * spec.Width, spec.Location, diagnostics)) return null;

            var graph = new GraphBuilder(spec.Channels * spec.Height * spec.Width, diagnostics);
            var current = new Value(0, spec.Channels, spec.Height, spec.Width, null);
            string? outputLayer = null;
            for (int index = 0; index < spec.Layers.Count; index++)
            {
                var layer = spec.Layers[index];
                string name = layer.Name ?? DefaultName(layer.Kind, index + 1);
                if (!Identifier.IsMatch(name))
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, layer.Location, name);
                    return null;
                }
                if (outputLayer is not null)
                {
                    Report(DiagnosticDescriptors.LayerAfterOutput, layer.Location, name, outputLayer);
                    return null;
                }
                Value? next = layer.Kind switch
                {
                    LayerKind.Residual => BlockExpander.Residual(graph, layer, name, current),
                    LayerKind.Inception => BlockExpander.Inception(graph, layer, name, current),
                    _ => graph.Add(layer, name, current),
                };
                if (next is null) return null;   // later shapes would be meaningless
                current = next.Value;
                if (layer.Kind is LayerKind.Rbf or LayerKind.Softmax) outputLayer = name;
            }
            if (diagnostics.Count > errorsBefore) return null;

            var layers = graph.Layers.ToList();
            return new NetworkModel(spec.Namespace, spec.ClassName, spec.Accessibility, spec.Channels, spec.Height, spec.Width,
                layers.ToEquatableArray(), (int)graph.Plan.Parameters, (int)graph.Plan.Activations, (int)graph.Plan.Scratch,
                ArchitectureText.Describe(spec, layers), (int)graph.Plan.State,
                OutputOffset: current.Offset, OutputLengthOverride: current.Length);
        }

        private static string DefaultName(LayerKind kind, int position) => kind switch
        {
            LayerKind.Conv => "C" + position,
            LayerKind.Subsample or LayerKind.MaxPool or LayerKind.AvgPool => "S" + position,
            LayerKind.Dense => "F" + position,
            LayerKind.LocalResponseNorm => "N" + position,
            LayerKind.Dropout => "D" + position,
            LayerKind.GlobalAvgPool => "G" + position,
            LayerKind.BatchNorm => "B" + position,
            LayerKind.Upsample => "U" + position,
            LayerKind.Residual => "R" + position,
            LayerKind.Inception => "I" + position,
            _ => "Output",
        };
    }
}
