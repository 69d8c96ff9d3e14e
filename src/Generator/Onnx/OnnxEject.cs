using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

// The eject command (samples/Eject) reuses the importer's mapping rather than a second one.
[assembly: InternalsVisibleTo("NetGen.Eject")]

namespace NetGen.Generator.Onnx
{
    /// <summary>One tensor of an ejected checkpoint: its NetGen name, shape and values.</summary>
    internal sealed record EjectedTensor(string Name, int[] Shape, float[] Data);

    /// <summary>The attribute declaration equivalent to an ONNX file, its weights under the declared names, or the problems.</summary>
    internal sealed record EjectResult(string? Declaration, IReadOnlyList<EjectedTensor> Tensors, IReadOnlyList<string> Problems);

    /// <summary>
    /// Eject: the importer's network (the same mapping [OnnxModel] compiles) written back as NetGen attributes, so a user
    /// can own and edit the architecture. Chains become one attribute per layer; joins become the blocks that declare them
    /// ([Residual], [Fire], [Inception], <see cref="OnnxEjectBlocks"/>), whose sub-layers the tensors are renamed to; a
    /// join no block expresses is a problem, and then there is no declaration.
    /// </summary>
    internal static class OnnxEject
    {
        private static readonly CultureInfo C = CultureInfo.InvariantCulture;

        public static EjectResult Eject(byte[] onnx, string className, string? ns = null)
        {
            var problems = new List<string>();
            EjectResult Fail(string problem)
            {
                problems.Add(problem);
                return new EjectResult(null, new List<EjectedTensor>(), problems);
            }
            if (!OnnxReader.TryRead(onnx, out var model, out string? error)) return Fail("the file is not a readable ONNX model: " + error);
            var request = new OnnxRequest(ns, className, "public", "model.onnx", null, EquatableArray<string>.Empty);
            var diagnostics = new List<DiagnosticInfo>();
            var (network, weights) = OnnxImporter.Import(model!, request, diagnostics);
            var analyzed = network is null ? null : OnnxGraphAnalyzer.Analyze(network, diagnostics);
            foreach (var d in diagnostics.Where(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
                problems.Add(d.Descriptor.Id + ": " + d.ToDiagnostic().GetMessage(C));
            if (network is null || analyzed is null || problems.Count > 0) return new EjectResult(null, new List<EjectedTensor>(), problems);

            var attributes = new List<string>();
            var rename = new Dictionary<string, string>(System.StringComparer.Ordinal);
            if (!OnnxEjectBlocks.Declare(network, attributes, rename, problems)) return new EjectResult(null, new List<EjectedTensor>(), problems);
            var spec = network.Spec;
            var text = new StringBuilder();
            text.AppendLine("using NetGen;").AppendLine();
            if (ns is not null) text.Append("namespace ").Append(ns).AppendLine(";").AppendLine();
            text.AppendLine($"[Network({spec.Channels}, {spec.Height}, {spec.Width})]");
            foreach (string a in attributes) text.AppendLine(a);
            text.Append("public partial class ").Append(className).AppendLine(" { }");

            var tensors = new List<EjectedTensor>();
            foreach (var t in TensorSpec.Of(analyzed).Concat(TensorSpec.StateOf(analyzed)))
            {
                int dot = t.Name.LastIndexOf('.');
                string layer = t.Name.Substring(0, dot), role = t.Name.Substring(dot + 1);
                if (weights.TryGetValue(t.Name, out var data))
                    tensors.Add(new EjectedTensor((rename.TryGetValue(layer, out string? to) ? to : layer) + "." + role, t.Shape.ToArray(), data));
            }
            return new EjectResult(text.ToString(), tensors, problems);
        }

        /// <summary>One layer's attribute, named <paramref name="name"/> (null for the output layers, which keep their default).</summary>
        public static string Attribute(LayerSpec layer, string name)
        {
            string n = $"Name = \"{name}\"";
            string Act(int a, bool first) => a == 0 ? "" : (first ? "" : ", ") + "Activation." + (ActivationKind)a;
            switch (layer)
            {
                case ConvSpec c:
                    return ConvAttribute(c, Act(c.Activation, false), n);
                case PoolSpec p:
                    return PoolAttribute(p, n);
                case DenseSpec d:
                    return $"[Dense({d.Units}{Act(d.Activation, false)}, {n})]";
                case BatchNormSpec b:
                    var args = new List<string>();
                    if (b.Activation != 0) args.Add(Act(b.Activation, true));
                    // The importer read a float: its shortest float text, and none for the default 1e-5f.
                    if ((float)b.Epsilon != 1e-5f) args.Add("Epsilon = " + ((float)b.Epsilon).ToString("R", C));
                    if (b.Momentum != 0.1) args.Add("Momentum = " + b.Momentum.ToString("R", C));
                    args.Add(n);
                    return $"[BatchNorm({string.Join(", ", args)})]";
                case GlobalAvgPoolSpec:
                    return $"[GlobalAvgPool({n})]";
                case OutputSpec o:
                    return o.Kind == LayerKind.LogSoftmax ? "[LogSoftmax]" : "[Softmax]";
                case LocalResponseNormSpec r:
                    return $"[LocalResponseNorm({r.Size}, Alpha = {r.Alpha.ToString("R", C)}, Beta = {r.Beta.ToString("R", C)}, K = {r.K.ToString("R", C)}, {n})]";
                case UpsampleSpec u:
                    return $"[Upsample({u.Factor}, {n})]";
                case ActivationSpec a when a.Kind == LayerKind.LeakyRelu:
                    return $"[LeakyRelu(Slope = {(a.Slope ?? 0.01f).ToString("R", C)}f, {n})]";
                case ActivationSpec a:
                    return $"[Activation(Activation.{(ActivationKind)a.Function}{(a.Slope is { } s ? $", Slope = {s.ToString("R", C)}f" : "")}"
                        + $"{(a.Alpha is { } al ? $", Alpha = {al.ToString("R", C)}f" : "")}, {n})]";
                case ChannelShuffleSpec shuffle:
                    return $"[ChannelShuffle({shuffle.Groups}, {n})]";
                case ConvTransposeSpec t:
                    return OnnxEjectConvTranspose.Attribute(t, Act(t.Activation, false), n);
                default:
                    return $"// {layer.Kind} {name}: no attribute";
            }
        }

        /// <summary>
        /// Conv(maps, kernel) or Conv(maps, kernelH, kernelW), the stride and dilation whole or per axis, the pads whole or by
        /// side, as the importer set them; DropRemainder for ONNX's floor output size wherever a stride is above 1.
        /// </summary>
        private static string ConvAttribute(ConvSpec c, string activation, string name)
        {
            var args = new List<string> { c.Maps.ToString(C), c.Kernel.ToString(C) };
            if (c.KernelW is { } kw) args.Add(kw.ToString(C));
            string head = string.Join(", ", args) + activation;
            args.Clear();
            if (c.Stride != 1) args.Add($"Stride = {c.Stride}");
            if (c.StrideH != 0) args.Add($"StrideH = {c.StrideH}, StrideW = {c.StrideW}");
            if (c.Pad > 0) args.Add($"Pad = {c.Pad}");
            if (c.PadTop >= 0) args.Add($"PadTop = {c.PadTop}, PadLeft = {c.PadLeft}, PadBottom = {c.PadBottom}, PadRight = {c.PadRight}");
            if (c.Dilation != 1) args.Add($"Dilation = {c.Dilation}");
            if (c.DilationH != 0) args.Add($"DilationH = {c.DilationH}, DilationW = {c.DilationW}");
            if (c.Stride != 1 || c.StrideH > 1 || c.StrideW > 1) args.Add("DropRemainder = true");
            if (c.Groups != 1) args.Add($"Groups = {c.Groups}");
            if (c.NoBias) args.Add("Bias = false");
            args.Add(name);
            return $"[Conv({head}, {string.Join(", ", args)})]";
        }

        /// <summary>MaxPool/AvgPool(size) with SizeW, Stride (StrideW), Pad (PadW), CeilMode or DropRemainder, CountIncludePad.</summary>
        private static string PoolAttribute(PoolSpec p, string name)
        {
            var args = new List<string> { p.Window.ToString(C) };
            if (p.WindowW != 0) args.Add($"SizeW = {p.WindowW}");
            int strideW = p.StrideW != 0 ? p.StrideW : p.Stride, windowW = p.WindowW != 0 ? p.WindowW : p.Window;
            if (p.Stride != p.Window || strideW != windowW) args.Add(p.StrideW != 0 ? $"StrideH = {p.Stride}, StrideW = {p.StrideW}" : $"Stride = {p.Stride}");
            if (p.Pad > 0 || p.PadW > 0) args.Add(p.PadW >= 0 ? $"PadH = {p.Pad}, PadW = {p.PadW}" : $"Pad = {p.Pad}");
            args.Add(p.CeilMode ? "CeilMode = true" : "DropRemainder = true");
            if (p.Kind == LayerKind.AvgPool && !p.CountIncludePad) args.Add("CountIncludePad = false");
            args.Add(name);
            return $"[{(p.Kind == LayerKind.MaxPool ? "MaxPool" : "AvgPool")}({string.Join(", ", args)})]";
        }
    }
}
