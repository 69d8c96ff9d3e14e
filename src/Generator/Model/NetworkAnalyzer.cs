using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
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
        public static NetworkModel? Analyze(NetworkSpec spec, List<DiagnosticInfo> diagnostics)
        {
            int errorsBefore = diagnostics.Count;
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor d, LocationInfo? at, params object[] args) =>
                diagnostics.Add(DiagnosticInfo.Create(d, at, args));

            if (spec.Layers.IsEmpty)
            {
                Report(DiagnosticDescriptors.NoLayers, spec.Location, spec.ClassName, LayerRooms.AttributeList);
                return null;
            }
            Checks.CheckAtLeast(spec.ClassName, "channels", spec.Channels, 1, spec.Location, diagnostics);
            Checks.CheckExtent(spec.ClassName, "height", spec.Height, 1, spec.Location, diagnostics);
            Checks.CheckExtent(spec.ClassName, "width", spec.Width, 1, spec.Location, diagnostics);
            if (diagnostics.Count > errorsBefore) return null;
            if (!Checks.Fits(spec.ClassName, "the input", (long)spec.Channels * spec.Height * spec.Width, spec.Location, diagnostics)) return null;

            var graph = new GraphBuilder(spec.Channels * spec.Height * spec.Width, diagnostics);
            var current = new Value(0, spec.Channels, spec.Height, spec.Width, null);
            string? outputLayer = null;
            for (int index = 0; index < spec.Layers.Count; index++)
            {
                var layer = spec.Layers[index];
                var room = LayerRooms.Of(layer);
                string name = layer.Name ?? room.DefaultName(index + 1);
                string? problem = NameProblem(name);
                if (problem is not null)
                {
                    Report(DiagnosticDescriptors.InvalidLayerName, layer.Location, Shown(name), problem);
                    return null;
                }
                if (outputLayer is not null)
                {
                    Report(DiagnosticDescriptors.LayerAfterOutput, layer.Location, name, outputLayer);
                    return null;
                }
                var next = room.Expand(graph, layer, name, current);
                if (next is null) return null;   // later shapes would be meaningless
                current = next.Value;
                if (room.EndsNetwork) outputLayer = name;
            }
            if (diagnostics.Count > errorsBefore) return null;
            return Complete(spec, graph, current, diagnostics);
        }

        /// <summary>
        /// The last step of every analysis (attributes or an ONNX import): the plan's size checks, the class's member names,
        /// the planner's fusions, and the model; null when a check fails (reported).
        /// </summary>
        public static NetworkModel? Complete(NetworkSpec spec, GraphBuilder graph, Value output, List<DiagnosticInfo> diagnostics)
        {
            if (!graph.Plan.Fits(spec.ClassName, spec.Location, diagnostics) || !graph.Members.AllowsClass(spec.ClassName, spec.UserMembers, spec.Location, diagnostics))
                return null;
            var layers = Planner.Fuse(graph.Layers, output.Producer);
            return new NetworkModel
            {
                Namespace = spec.Namespace, ClassName = spec.ClassName, Accessibility = spec.Accessibility,
                InC = spec.Channels, InH = spec.Height, InW = spec.Width,
                Layers = layers.ToEquatableArray(),
                ParameterCount = (int)graph.Plan.Parameters, ActivationLength = (int)graph.Plan.Activations,
                ScratchLength = (int)graph.Plan.Scratch, StateLength = (int)graph.Plan.State,
                Architecture = ArchitectureText.Describe(spec, layers),
                OutputOffset = output.Offset, OutputLength = output.Length,
            };
        }

        /// <summary>
        /// Why a name cannot be a layer name, or null. Names become parts of member names and string literals: ASCII
        /// letters, digits and '_' (checked char by char: a regex's $ would let a final newline through), bounded length.
        /// </summary>
        internal static string? NameProblem(string name)
        {
            if (name.Length > Limits.MaxNameLength) return $"it has {name.Length} characters, more than NetGen's limit of {Limits.MaxNameLength}";
            // Segments joined by '.' (torchvision's "features.3"), none empty; the first starts with a letter, so the
            // member names, where '.' becomes '_', start with one too (GeneratedMembers refuses "a.b" beside "a_b").
            bool valid = name.Length > 0 && IsAsciiLetter(name[0]) && name[name.Length - 1] != '.';
            for (int i = 0; i < name.Length; i++)
            {
                char ch = name[i];
                valid &= IsAsciiLetter(ch) || (ch >= '0' && ch <= '9') || ch == '_' || (ch == '.' && name[i - 1] != '.');
            }
            return valid ? null : "use letters, digits and '_', starting with a letter, in segments joined by '.'";
        }

        private static bool IsAsciiLetter(char ch) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');

        /// <summary>A name as a diagnostic shows it: control characters visible, long ones cut.</summary>
        private static string Shown(string name)
        {
            var text = new System.Text.StringBuilder();
            foreach (char ch in name.Length > 40 ? name.Substring(0, 40) : name)
                text.Append(char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString());
            return name.Length > 40 ? text + "..." : text.ToString();
        }
    }
}
