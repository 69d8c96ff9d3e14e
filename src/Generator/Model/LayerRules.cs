using System.Collections.Generic;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// The shape rule of each layer kind: checks a layer's arguments against its input shape, infers the output shape
    /// and counts parameters, connections (as LeCun counts them) and multiply-adds. Offsets come later (<see cref="MemoryPlan"/>).
    /// </summary>
    internal static class LayerRules
    {
        internal static LayerModel? Analyze(LayerSpec layer, string name, int c, int h, int w, List<DiagnosticInfo> diagnostics)
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
                    // Pad -1 is the attribute's "not given"; any other negative is an error.
                    if (!Checks.CheckAtLeast(name, "maps", maps, 1, at, diagnostics) | !Checks.CheckExtent(name, "kernel", k, 1, at, diagnostics)
                        | !Checks.CheckExtent(name, "Stride", s, 1, at, diagnostics) | (layer.Pad != -1 && !Checks.CheckExtent(name, "Pad", layer.Pad, 0, at, diagnostics)))
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

                    // h, w, k, p are at most Limits.MaxExtent: these sums stay far inside int.
                    int ph = h + 2 * p, pw = w + 2 * p;
                    if (k > ph || k > pw) { Report(DiagnosticDescriptors.KernelTooLarge, name, k, ph, pw, h, w, p); return null; }
                    if (!layer.DropRemainder && (ph - k) % s != 0) { Report(DiagnosticDescriptors.StrideNotIntegral, name, h, p, k, ph - k, s); return null; }
                    if (!layer.DropRemainder && (pw - k) % s != 0) { Report(DiagnosticDescriptors.StrideNotIntegral, name, w, p, k, pw - k, s); return null; }
                    int oh = (ph - k) / s + 1, ow = (pw - k) / s + 1;
                    if (!Checks.Fits(name, "the output", (long)maps * oh * ow, at, diagnostics)
                        || !Checks.Fits(name, "the padded input", (long)c * ph * pw, at, diagnostics))
                        return null;

                    if (layer.Groups != 1)
                    {
                        if (!Checks.CheckAtLeast(name, "Groups", layer.Groups, 1, at, diagnostics)) return null;
                        if (layer.HasTable) { Report(DiagnosticDescriptors.GroupsWithTable, name); return null; }
                        if (c % layer.Groups != 0 || maps % layer.Groups != 0) { Report(DiagnosticDescriptors.GroupsDoNotDivide, name, layer.Groups, c, maps); return null; }
                    }
                    if (layer.LearnConnections && (layer.HasTable || layer.Groups != 1)) { Report(DiagnosticDescriptors.LearnedConnectionsWithTable, name); return null; }
                    // Connected pairs, counted before any table is built: the weights must fit, and a table's text must fit
                    // the source budget (it is printed more than once), or building it alone could take minutes.
                    long pairCount = layer.Groups != 1 ? (long)c / layer.Groups * maps : layer.HasTable ? CountConnections(layer.Table) : (long)c * maps;
                    if (!Checks.Fits(name, "the weights", pairCount * k * k, at, diagnostics)) return null;
                    if ((layer.Groups != 1 || layer.HasTable) && !SourceBudget.TableFits(name, pairCount, c, maps, at, diagnostics)) return null;

                    var starts = empty;
                    var inputs = empty;
                    if (layer.Groups != 1) GroupTable(layer.Groups, c, maps, out starts, out inputs);
                    else if (layer.HasTable && !ParseTable(layer.Table, name, c, maps, at, diagnostics, out starts, out inputs)) return null;
                    int pairs = (int)pairCount;
                    long outUnits = (long)oh * ow;
                    int biases = layer.NoBias ? 0 : maps;
                    return new LayerModel(LayerKind.Conv, name, activation, c, h, w, maps, oh, ow, k, s, p, starts, inputs,
                        0, pairs * k * k, 0, biases, true,
                        Connections: outUnits * ((long)pairs * k * k + biases), MultiplyAdds: outUnits * pairs * k * k,
                        0, 0, -1, -1, Groups: layer.Groups, ConnectionCount: layer.LearnConnections ? maps * c : 0);
                }
                case LayerKind.Subsample:
                case LayerKind.MaxPool:
                case LayerKind.AvgPool:
                {
                    // Stride 0 is the attribute's "the window size".
                    int size = layer.Kernel, s = layer.Stride == 0 ? size : layer.Stride, p = layer.Pad;
                    if (!Checks.CheckExtent(name, "size", size, 1, at, diagnostics) | !Checks.CheckExtent(name, "Stride", s, 1, at, diagnostics)
                        | !Checks.CheckExtent(name, "Pad", p, 0, at, diagnostics)) return null;
                    if (p >= size) { Report(DiagnosticDescriptors.InvalidSize, name, "the window", p + 1, size); return null; }
                    int ph = h + 2 * p, pw = w + 2 * p;
                    if (size > ph || size > pw || (!layer.DropRemainder && ((ph - size) % s != 0 || (pw - size) % s != 0)))
                    {
                        Report(DiagnosticDescriptors.PoolWindowDoesNotFit, name, size, s, ph, pw);
                        return null;
                    }
                    int oh = (ph - size) / s + 1, ow = (pw - size) / s + 1;
                    long outUnits = (long)c * oh * ow;
                    bool sub = layer.Kind == LayerKind.Subsample;
                    return new LayerModel(layer.Kind, name, sub ? activation : ActivationKind.Identity, c, h, w, c, oh, ow, size, s, p, empty, empty,
                        0, sub ? c : 0, 0, sub ? c : 0, true,
                        Connections: outUnits * (size * size + (sub ? 1 : 0)),
                        MultiplyAdds: layer.Kind == LayerKind.MaxPool ? 0 : outUnits * size * size,
                        0, 0, -1, -1);
                }
                case LayerKind.Upsample:
                {
                    int f = layer.Kernel;
                    if (!Checks.CheckExtent(name, "factor", f, 1, at, diagnostics)
                        || !Checks.CheckExtent(name, "the output height", (long)h * f, 1, at, diagnostics)
                        || !Checks.CheckExtent(name, "the output width", (long)w * f, 1, at, diagnostics)
                        || !Checks.Fits(name, "the output", (long)n * f * f, at, diagnostics)) return null;
                    return new LayerModel(LayerKind.Upsample, name, ActivationKind.Identity, c, h, w, c, h * f, w * f, f, f, 0, empty, empty,
                        0, 0, 0, 0, true, Connections: (long)n * f * f, MultiplyAdds: 0, 0, 0, -1, -1);
                }
                case LayerKind.BatchNorm:
                    // Epsilon is added to a float variance: it must survive the conversion to float.
                    if (!Checks.CheckReal(name, "Epsilon", layer.Epsilon, float.Epsilon, float.MaxValue, false, at, diagnostics)
                        | !Checks.CheckReal(name, "Momentum", layer.Rate, 0, 1, false, at, diagnostics)) return null;
                    // Per unit one multiply-add (x * scale + shift, the scale and shift folded per map).
                    return new LayerModel(LayerKind.BatchNorm, name, activation, c, h, w, c, h, w, 0, 1, 0, empty, empty,
                        0, c, 0, c, true, Connections: (long)n * 2, MultiplyAdds: n, 0, 0, -1, -1, Epsilon: layer.Epsilon, Rate: layer.Rate);
                case LayerKind.Dense:
                case LayerKind.Rbf:
                {
                    int units = layer.Size;
                    if (!Checks.CheckAtLeast(name, layer.Kind == LayerKind.Dense ? "units" : "classes", units, 1, at, diagnostics)) return null;
                    bool dense = layer.Kind == LayerKind.Dense;
                    if (!Checks.Fits(name, "the weights", (long)units * n, at, diagnostics)) return null;
                    return new LayerModel(layer.Kind, name, dense ? activation : ActivationKind.Identity, c, h, w, units, 1, 1, 0, 1, 0, empty, empty,
                        0, units * n, 0, dense ? units : 0, dense || layer.Trainable,
                        Connections: (long)units * (n + (dense ? 1 : 0)), MultiplyAdds: (long)units * n,
                        0, 0, -1, -1);
                }
                case LayerKind.LocalResponseNorm:
                    // s = K + alpha/n * (sum of squares) >= K > 0, so s^-beta is defined.
                    if (!Checks.CheckExtent(name, "size", layer.Kernel, 1, at, diagnostics)
                        | !Checks.CheckReal(name, "Alpha", layer.Alpha, 0, float.MaxValue, false, at, diagnostics)
                        | !Checks.CheckReal(name, "Beta", layer.Beta, -float.MaxValue, float.MaxValue, false, at, diagnostics)
                        | !Checks.CheckReal(name, "K", layer.Bias, 0, float.MaxValue, true, at, diagnostics)) return null;
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

        /// <summary>The 'X' cells of a connection table, counted without building it.</summary>
        private static long CountConnections(EquatableArray<string> rows)
        {
            long count = 0;
            foreach (var row in rows)
                foreach (char ch in row)
                    if (ch == 'X') count++;
            return count;
        }
    }
}
