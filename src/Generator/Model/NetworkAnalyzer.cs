using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// Validates a <see cref="NetworkSpec"/> layer by layer, infers every shape, counts parameters, connections and
    /// multiply-adds, and lays out the static memory plan. Every problem becomes a diagnostic on its attribute.
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
            CheckAtLeast(spec.ClassName, "channels", spec.Channels, 1, spec.Location, diagnostics);
            CheckAtLeast(spec.ClassName, "height", spec.Height, 1, spec.Location, diagnostics);
            CheckAtLeast(spec.ClassName, "width", spec.Width, 1, spec.Location, diagnostics);
            if (diagnostics.Count > errorsBefore) return null;

            var layers = new List<LayerModel>();
            var names = new HashSet<string>();
            int c = spec.Channels, h = spec.Height, w = spec.Width;
            if (!Fits(spec.ClassName, "the input", (long)c * h * w, spec.Location, diagnostics)) return null;
            int parameters = 0, activations = c * h * w, scratch = 0;
            LayerModel? outputLayer = null;

            for (int index = 0; index < spec.Layers.Count; index++)
            {
                var layer = spec.Layers[index];
                string name = layer.Name ?? DefaultName(layer.Kind, index + 1);
                if (!Identifier.IsMatch(name)) Report(DiagnosticDescriptors.InvalidLayerName, layer.Location, name);
                else if (!names.Add(name)) Report(DiagnosticDescriptors.DuplicateLayerName, layer.Location, name);
                if (outputLayer is not null)
                {
                    Report(DiagnosticDescriptors.LayerAfterOutput, layer.Location, name, outputLayer.Name);
                    return null;
                }

                int before = diagnostics.Count;
                var model = AnalyzeLayer(layer, name, c, h, w, diagnostics);
                if (model is null || diagnostics.Count > before) return null; // later shapes would be meaningless
                long extraScratch = (model.Kind == LayerKind.Conv && model.Pad > 0 ? 2L * model.InC * model.PaddedH * model.PaddedW : 0)
                    + (model.Kind is LayerKind.MaxPool or LayerKind.Dropout ? model.OutLength : 0)
                    + (model.Kind == LayerKind.LocalResponseNorm ? 2L * model.OutLength : 0)
                    + (model.RunsWide ? (long)model.OutC * (model.WidePositions + model.WideDeltaLength) : 0);
                if (!Fits(name, "the parameters", (long)parameters + model.ParameterCount, layer.Location, diagnostics)
                    || !Fits(name, "the activations", (long)activations + model.OutLength, layer.Location, diagnostics)
                    || !Fits(name, "the scratch space", scratch + extraScratch, layer.Location, diagnostics))
                    return null;

                // Memory plan: parameters, activations and scratch are each one flat array with constant offsets.
                int weightOffset = parameters;
                parameters += model.WeightCount;
                int biasOffset = parameters;
                parameters += model.BiasCount;
                int inOffset = activations - c * h * w;
                int outOffset = activations;
                activations += model.OutLength;
                int scratchOffset = -1, scratchGradientOffset = -1;
                if (model.Kind == LayerKind.Conv && model.Pad > 0)
                {
                    int padded = model.InC * model.PaddedH * model.PaddedW;
                    scratchOffset = scratch;
                    scratchGradientOffset = scratch + padded;
                    scratch += 2 * padded;
                }
                else if (model.Kind == LayerKind.MaxPool)
                {
                    scratchOffset = scratch; // argmax of each window, as a float index into the window
                    scratch += model.OutLength;
                }
                else if (model.Kind == LayerKind.Dropout)
                {
                    scratchOffset = scratch; // each unit's mask: 0 or 1/(1 - rate)
                    scratch += model.OutLength;
                }
                else if (model.Kind == LayerKind.LocalResponseNorm)
                {
                    scratchOffset = scratch; // each unit's denominator base s = K + alpha/n * sum of squares
                    scratchGradientOffset = scratch + model.OutLength; // backward's delta * y / s per unit
                    scratch += 2 * model.OutLength;
                }
                int wideOffset = -1, wideDeltaOffset = -1;
                if (model.RunsWide)
                {
                    wideOffset = scratch;       // [OutC][WidePositions] wide outputs
                    scratch += model.OutC * model.WidePositions;
                    wideDeltaOffset = scratch;  // [OutC][WideDeltaLength] zero-bordered wide deltas
                    scratch += model.OutC * model.WideDeltaLength;
                }
                model = model with
                {
                    WeightOffset = weightOffset, BiasOffset = biasOffset,
                    InOffset = inOffset, OutOffset = outOffset,
                    ScratchOffset = scratchOffset, ScratchGradientOffset = scratchGradientOffset,
                    WideOffset = wideOffset, WideDeltaOffset = wideDeltaOffset,
                };
                layers.Add(model);
                if (model.Kind is LayerKind.Rbf or LayerKind.Softmax) outputLayer = model;
                (c, h, w) = (model.OutC, model.OutH, model.OutW);
            }
            if (diagnostics.Count > errorsBefore) return null;

            return new NetworkModel(spec.Namespace, spec.ClassName, spec.Accessibility, spec.Channels, spec.Height, spec.Width,
                layers.ToEquatableArray(), parameters, activations, scratch, Describe(spec, layers));
        }

        private static string DefaultName(LayerKind kind, int position) => kind switch
        {
            LayerKind.Conv => "C" + position,
            LayerKind.Subsample or LayerKind.MaxPool or LayerKind.AvgPool => "S" + position,
            LayerKind.Dense => "F" + position,
            LayerKind.LocalResponseNorm => "N" + position,
            LayerKind.Dropout => "D" + position,
            LayerKind.GlobalAvgPool => "G" + position,
            _ => "Output",
        };

        private static LayerModel? AnalyzeLayer(LayerSpec layer, string name, int c, int h, int w, List<DiagnosticInfo> diagnostics)
        {
            var at = layer.Location;
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor d, params object[] args) => diagnostics.Add(DiagnosticInfo.Create(d, at, args));
            var empty = EquatableArray<int>.Empty;
            var activation = (ActivationKind)layer.Activation;
            if (layer.Activation < 0 || layer.Activation > 4) { Report(DiagnosticDescriptors.UnknownEnumValue, name, layer.Activation, "Activation"); return null; }
            int n = c * h * w;

            switch (layer.Kind)
            {
                case LayerKind.Conv:
                {
                    int maps = layer.Size, k = layer.Kernel, s = layer.Stride;
                    if (!CheckAtLeast(name, "maps", maps, 1, at, diagnostics) | !CheckAtLeast(name, "kernel", k, 1, at, diagnostics)
                        | !CheckAtLeast(name, "Stride", s, 1, at, diagnostics) | !CheckAtLeast(name, "Pad", layer.Pad, -1, at, diagnostics))
                        return null;
                    if (layer.Padding < 0 || layer.Padding > 2) { Report(DiagnosticDescriptors.UnknownEnumValue, name, layer.Padding, "Padding"); return null; }
                    var mode = (PaddingMode)layer.Padding;
                    if (layer.Pad >= 0 && mode != PaddingMode.Valid) { Report(DiagnosticDescriptors.ConflictingPadding, name, mode, layer.Pad); return null; }
                    int p;
                    if (layer.Pad >= 0) p = layer.Pad;
                    else if (mode == PaddingMode.Same)
                    {
                        if (k % 2 == 0) { Report(DiagnosticDescriptors.SamePaddingEvenKernel, name, k); return null; }
                        p = k / 2;
                    }
                    else p = mode == PaddingMode.Full ? k - 1 : 0;

                    int ph = h + 2 * p, pw = w + 2 * p;
                    if (k > ph || k > pw) { Report(DiagnosticDescriptors.KernelTooLarge, name, k, ph, pw, h, w, p); return null; }
                    if ((ph - k) % s != 0) { Report(DiagnosticDescriptors.StrideNotIntegral, name, h, p, k, ph - k, s); return null; }
                    if ((pw - k) % s != 0) { Report(DiagnosticDescriptors.StrideNotIntegral, name, w, p, k, pw - k, s); return null; }
                    int oh = (ph - k) / s + 1, ow = (pw - k) / s + 1;
                    if (!Fits(name, "the output", (long)maps * oh * ow, at, diagnostics)
                        || !Fits(name, "the padded input", (long)c * ph * pw, at, diagnostics))
                        return null;

                    var starts = empty;
                    var inputs = empty;
                    if (layer.Groups != 1)
                    {
                        if (!CheckAtLeast(name, "Groups", layer.Groups, 1, at, diagnostics)) return null;
                        if (layer.HasTable) { Report(DiagnosticDescriptors.GroupsWithTable, name); return null; }
                        if (c % layer.Groups != 0 || maps % layer.Groups != 0) { Report(DiagnosticDescriptors.GroupsDoNotDivide, name, layer.Groups, c, maps); return null; }
                        GroupTable(layer.Groups, c, maps, out starts, out inputs);
                    }
                    else if (layer.HasTable)
                    {
                        if (!ParseTable(layer.Table, name, c, maps, at, diagnostics, out starts, out inputs)) return null;
                    }
                    bool connected = starts.Count > 0;
                    if (!Fits(name, "the weights", (connected ? inputs.Count : (long)c * maps) * k * k, at, diagnostics)) return null;
                    int pairs = connected ? inputs.Count : c * maps;
                    long outUnits = (long)oh * ow;
                    return new LayerModel(LayerKind.Conv, name, activation, c, h, w, maps, oh, ow, k, s, p, starts, inputs,
                        0, pairs * k * k, 0, maps, true,
                        Connections: outUnits * ((long)pairs * k * k + maps), MultiplyAdds: outUnits * pairs * k * k,
                        0, 0, -1, -1, Groups: layer.Groups);
                }
                case LayerKind.Subsample:
                case LayerKind.MaxPool:
                case LayerKind.AvgPool:
                {
                    int size = layer.Kernel, s = layer.Stride == 0 ? size : layer.Stride;
                    if (!CheckAtLeast(name, "size", size, 1, at, diagnostics) | !CheckAtLeast(name, "Stride", s, 1, at, diagnostics)) return null;
                    if (size > h || size > w || (h - size) % s != 0 || (w - size) % s != 0)
                    {
                        Report(DiagnosticDescriptors.PoolWindowDoesNotFit, name, size, s, h, w);
                        return null;
                    }
                    int oh = (h - size) / s + 1, ow = (w - size) / s + 1;
                    long outUnits = (long)c * oh * ow;
                    bool sub = layer.Kind == LayerKind.Subsample;
                    return new LayerModel(layer.Kind, name, sub ? activation : ActivationKind.Identity, c, h, w, c, oh, ow, size, s, 0, empty, empty,
                        0, sub ? c : 0, 0, sub ? c : 0, true,
                        Connections: outUnits * (size * size + (sub ? 1 : 0)),
                        MultiplyAdds: layer.Kind == LayerKind.MaxPool ? 0 : outUnits * size * size,
                        0, 0, -1, -1);
                }
                case LayerKind.Dense:
                case LayerKind.Rbf:
                {
                    int units = layer.Size;
                    if (!CheckAtLeast(name, layer.Kind == LayerKind.Dense ? "units" : "classes", units, 1, at, diagnostics)) return null;
                    bool dense = layer.Kind == LayerKind.Dense;
                    if (!Fits(name, "the weights", (long)units * n, at, diagnostics)) return null;
                    return new LayerModel(layer.Kind, name, dense ? activation : ActivationKind.Identity, c, h, w, units, 1, 1, 0, 1, 0, empty, empty,
                        0, units * n, 0, dense ? units : 0, dense || layer.Trainable,
                        Connections: (long)units * (n + (dense ? 1 : 0)), MultiplyAdds: (long)units * n,
                        0, 0, -1, -1);
                }
                case LayerKind.LocalResponseNorm:
                    if (!CheckAtLeast(name, "size", layer.Kernel, 1, at, diagnostics)) return null;
                    // Per output: the squares of Kernel maps summed, one power: counted as Kernel multiply-adds.
                    return new LayerModel(LayerKind.LocalResponseNorm, name, ActivationKind.Identity, c, h, w, c, h, w, layer.Kernel, 1, 0, empty, empty,
                        0, 0, 0, 0, true, Connections: (long)n * layer.Kernel, MultiplyAdds: (long)n * layer.Kernel, 0, 0, -1, -1,
                        Alpha: layer.Alpha, Beta: layer.Beta, Bias: layer.Bias);
                case LayerKind.Dropout:
                    if (!(layer.Rate >= 0 && layer.Rate < 1)) { Report(DiagnosticDescriptors.DropoutRateOutOfRange, name, layer.Rate); return null; }
                    return new LayerModel(LayerKind.Dropout, name, ActivationKind.Identity, c, h, w, c, h, w, 0, 1, 0, empty, empty,
                        0, 0, 0, 0, true, Connections: n, MultiplyAdds: 0, 0, 0, -1, -1, Rate: layer.Rate);
                case LayerKind.GlobalAvgPool:
                    return new LayerModel(LayerKind.GlobalAvgPool, name, ActivationKind.Identity, c, h, w, c, 1, 1, 0, 1, 0, empty, empty,
                        0, 0, 0, 0, true, Connections: n, MultiplyAdds: n, 0, 0, -1, -1);
                default: // Softmax
                    return new LayerModel(LayerKind.Softmax, name, ActivationKind.Identity, c, h, w, n, 1, 1, 0, 1, 0, empty, empty,
                        0, 0, 0, 0, true, Connections: 0, MultiplyAdds: 0, 0, 0, -1, -1);
            }
        }

        /// <summary>Groups as a block-diagonal table: output group g sees input group g, in input order.</summary>
        private static void GroupTable(int groups, int inMaps, int outMaps, out EquatableArray<int> starts, out EquatableArray<int> inputs)
        {
            int inPer = inMaps / groups, outPer = outMaps / groups;
            var startList = new List<int> { 0 };
            var inputList = new List<int>();
            for (int o = 0; o < outMaps; o++)
            {
                int g = o / outPer;
                for (int i = g * inPer; i < (g + 1) * inPer; i++) inputList.Add(i);
                startList.Add(inputList.Count);
            }
            starts = startList.ToEquatableArray();
            inputs = inputList.ToEquatableArray();
        }

        /// <summary>Rows are input maps, columns output maps; 'X' connects. Produces the CSR form per output map.</summary>
        private static bool ParseTable(EquatableArray<string> rows, string name, int inMaps, int outMaps, LocationInfo? at,
            List<DiagnosticInfo> diagnostics, out EquatableArray<int> starts, out EquatableArray<int> inputs)
        {
            starts = inputs = EquatableArray<int>.Empty;
            if (rows.Count != inMaps)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableRowCount, at, name, rows.Count, inMaps));
                return false;
            }
            for (int r = 0; r < rows.Count; r++)
            {
                if (rows[r].Length != outMaps)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableRowLength, at, name, r, rows[r].Length, outMaps));
                    return false;
                }
                for (int col = 0; col < outMaps; col++)
                {
                    char ch = rows[r][col];
                    if (ch != 'X' && ch != ' ')
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableBadCharacter, at, name, r, col, ch));
                        return false;
                    }
                }
            }
            var startList = new List<int> { 0 };
            var inputList = new List<int>();
            for (int o = 0; o < outMaps; o++)
            {
                for (int i = 0; i < inMaps; i++)
                    if (rows[i][o] == 'X') inputList.Add(i);
                if (inputList.Count == startList[startList.Count - 1])
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TableEmptyColumn, at, name, o));
                    return false;
                }
                startList.Add(inputList.Count);
            }
            starts = startList.ToEquatableArray();
            inputs = inputList.ToEquatableArray();
            return true;
        }

        /// <summary>Every buffer is one float[]: refuse sizes beyond what one array can index.</summary>
        private static bool Fits(string owner, string what, long floats, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            const long MaxFloats = 0x7FFFFFC7; // Array.MaxLength
            if (floats <= MaxFloats) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, at, owner, what, floats, MaxFloats));
            return false;
        }

        private static bool CheckAtLeast(string owner, string what, int value, int minimum, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            if (value >= minimum) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, at, owner, what, minimum, value));
            return false;
        }

        /// <summary>A canonical one-line architecture: checkpoints record it and refuse a network that differs.</summary>
        private static string Describe(NetworkSpec spec, List<LayerModel> layers)
        {
            var sb = new StringBuilder();
            sb.Append("input ").Append(spec.Channels).Append('x').Append(spec.Height).Append('x').Append(spec.Width);
            foreach (var l in layers)
            {
                sb.Append(" | ").Append(l.Name).Append(' ').Append(l.Kind.ToString().ToLowerInvariant());
                switch (l.Kind)
                {
                    case LayerKind.Conv:
                        sb.Append(' ').Append(l.OutC).Append(" k").Append(l.Kernel).Append(" s").Append(l.Stride).Append(" p").Append(l.Pad);
                        if (l.Groups > 1) sb.Append(" groups ").Append(l.Groups);
                        else if (l.HasTable)
                            sb.Append(" table ").Append(string.Join("/", Enumerable.Range(0, l.OutC).Select(o =>
                                string.Join(",", Enumerable.Range(l.TableStarts[o], l.TableStarts[o + 1] - l.TableStarts[o]).Select(j => l.TableInputs[j])))));
                        break;
                    case LayerKind.Subsample: case LayerKind.MaxPool: case LayerKind.AvgPool:
                        sb.Append(" k").Append(l.Kernel).Append(" s").Append(l.Stride);
                        break;
                    case LayerKind.Dense: case LayerKind.Rbf:
                        sb.Append(' ').Append(l.OutC);
                        break;
                    case LayerKind.LocalResponseNorm:
                        sb.Append(" n").Append(l.Kernel).Append(" alpha ").Append(l.Alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                          .Append(" beta ").Append(l.Beta.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                          .Append(" k ").Append(l.Bias.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case LayerKind.Dropout:
                        sb.Append(' ').Append(l.Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
                if (l.Activation != ActivationKind.Identity) sb.Append(' ').Append(l.Activation);
            }
            return sb.ToString();
        }
    }
}
