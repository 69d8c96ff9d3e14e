using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// [ConvTranspose(maps, kernel[, kernelW], activation, Stride, StrideH, StrideW, Pad, PadTop, PadLeft, PadBottom,
    /// PadRight, OutputPadding, OutputPaddingH, OutputPaddingW, Dilation, DilationH, DilationW, Groups, Bias)] as written.
    /// -1 is a pad's or a per-axis output padding's "not given", 0 a per-axis stride's or dilation's.
    /// </summary>
    internal sealed record ConvTransposeSpec : WindowSpec
    {
        public int OutputPadding { get; init; }
        public int OutputPaddingH { get; init; } = -1;
        public int OutputPaddingW { get; init; } = -1;
    }

    /// <summary>
    /// A transposed convolution's window, per axis as PyTorch's nn.ConvTranspose2d and ONNX's ConvTranspose: input unit i
    /// scatters tap k to full-output position i*s + k*d; the full output spans (in - 1)*s + d*(k - 1) + 1 positions, of
    /// which the output keeps those from padBegin on, out = full - padBegin - padEnd + outputPadding of them (positions
    /// past the full output, where the output padding exceeds padEnd, hold the bias only).
    /// </summary>
    internal sealed record ConvTransposeLayer : LayerPayload
    {
        public int KernelH { get; init; }
        public int KernelW { get; init; }
        public int StrideH { get; init; }
        public int StrideW { get; init; }
        public int DilationH { get; init; }
        public int DilationW { get; init; }
        public int PadTop { get; init; }
        public int PadLeft { get; init; }
        public int PadBottom { get; init; }
        public int PadRight { get; init; }
        public int OutputPaddingH { get; init; }
        public int OutputPaddingW { get; init; }
        public int Groups { get; init; } = 1;
        /// <summary>The rows and columns of the scratch the kernels scatter into (full output, or more when the output padding reaches past it).</summary>
        public int BufferH { get; init; }
        public int BufferW { get; init; }
        public override int Extent => Math.Max(KernelH, KernelW);
    }

    /// <summary>Transposed convolution (Emit/ConvTransposeEmitter*.cs): one scratch of [maps][BufferH][BufferW].</summary>
    internal sealed class ConvTransposeRoom : LayerRoom
    {
        public const string Full = "transposed full output";

        public override LayerKind Kind => LayerKind.ConvTranspose;
        public override string AttributeName => "NetGen.ConvTransposeAttribute";
        public override string NamePrefix => "CT";

        public override LayerSpec Parse(AttributeArguments a)
        {
            bool rectangular = a.Int(3, int.MinValue) != int.MinValue;
            return new ConvTransposeSpec
            {
                Kind = Kind, Name = a.Name, Location = a.Location,
                Maps = a.Int(0, 0), Kernel = a.Int(1, 0), KernelW = rectangular ? a.Int(2, 0) : null, Activation = a.Int(rectangular ? 3 : 2, 0),
                Stride = a.Int("Stride", 1), StrideH = a.Int("StrideH", 0), StrideW = a.Int("StrideW", 0),
                Pad = a.Int("Pad", -1), PadTop = a.Int("PadTop", -1), PadLeft = a.Int("PadLeft", -1), PadBottom = a.Int("PadBottom", -1), PadRight = a.Int("PadRight", -1),
                OutputPadding = a.Int("OutputPadding", 0), OutputPaddingH = a.Int("OutputPaddingH", -1), OutputPaddingW = a.Int("OutputPaddingW", -1),
                Dilation = a.Int("Dilation", 1), DilationH = a.Int("DilationH", 0), DilationW = a.Int("DilationW", 0),
                Groups = a.Int("Groups", 1), NoBias = a.Cleared("Bias"),
            };
        }

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (ConvTransposeSpec)layerSpec;
            var at = spec.Location;
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor d, params object[] args) => diagnostics.Add(DiagnosticInfo.Create(d, at, args));
            int kh = spec.Kernel, kw = spec.KernelW ?? spec.Kernel;
            if (!ArgumentsValid(spec, name, diagnostics)) return null;

            int c = input.C, maps = spec.Maps, groups = spec.Groups;
            if (c % groups != 0 || maps % groups != 0) { Report(DiagnosticDescriptors.TransposedGroupsDoNotDivide, name, groups, c, maps); return null; }
            int sh = WindowArguments.Axis(spec.StrideH, spec.Stride), sw = WindowArguments.Axis(spec.StrideW, spec.Stride);
            int dh = WindowArguments.Axis(spec.DilationH, spec.Dilation), dw = WindowArguments.Axis(spec.DilationW, spec.Dilation);
            int oph = spec.OutputPaddingH >= 0 ? spec.OutputPaddingH : spec.OutputPadding, opw = spec.OutputPaddingW >= 0 ? spec.OutputPaddingW : spec.OutputPadding;
            int Side(int side) => side >= 0 ? side : Math.Max(spec.Pad, 0);
            int pt = Side(spec.PadTop), pl = Side(spec.PadLeft), pb = Side(spec.PadBottom), pr = Side(spec.PadRight);
            foreach (var (axis, op, s, d) in new[] { ("rows'", oph, sh, dh), ("columns'", opw, sw, dw) })
                if (op >= s && op >= d) { Report(DiagnosticDescriptors.OutputPaddingTooLarge, name, axis, op, s, d); return null; }

            // Every term is at most 2^15 and the products at most 2^30: long arithmetic, then the extent checks.
            long fullH = (long)(input.H - 1) * sh + (long)dh * (kh - 1) + 1, fullW = (long)(input.W - 1) * sw + (long)dw * (kw - 1) + 1;
            long oh = fullH - pt - pb + oph, ow = fullW - pl - pr + opw;
            foreach (var (axis, size, s, before, after, d, k, op, extent) in new[]
                { ("rows", input.H, sh, pt, pb, dh, kh, oph, oh), ("columns", input.W, sw, pl, pr, dw, kw, opw, ow) })
                if (extent < 1) { Report(DiagnosticDescriptors.TransposedOutputEmpty, name, axis, size, s, before, after, d, k, op, extent); return null; }
            if (!Checks.CheckExtent(name, "the output height", oh, 1, at, diagnostics) || !Checks.CheckExtent(name, "the output width", ow, 1, at, diagnostics))
                return null;
            long bufferH = Math.Max(fullH, pt + oh), bufferW = Math.Max(fullW, pl + ow);
            long weights = (long)c * (maps / groups) * kh * kw;
            if (!Checks.Fits(name, "the output", maps * oh * ow, at, diagnostics) || !Checks.Fits(name, "the weights", weights, at, diagnostics)
                || !Checks.Fits(name, "the full output", maps * bufferH * bufferW, at, diagnostics))
                return null;

            var parameters = new List<Slot> { Slot.Tensor(Slot.Weight, c, maps / groups, kh, kw) };  // PyTorch's [in][out/groups][kH][kW]
            if (!spec.NoBias) parameters.Add(Slot.Tensor(Slot.Bias, maps));
            long products = (long)input.Length * (maps / groups) * kh * kw;
            return new LayerModel
            {
                Name = name, Kind = Kind, Activation = (ActivationKind)spec.Activation,
                InC = c, InH = input.H, InW = input.W, OutC = maps, OutH = (int)oh, OutW = (int)ow,
                Payload = new ConvTransposeLayer
                {
                    KernelH = kh, KernelW = kw, StrideH = sh, StrideW = sw, DilationH = dh, DilationW = dw,
                    PadTop = pt, PadLeft = pl, PadBottom = pb, PadRight = pr, OutputPaddingH = oph, OutputPaddingW = opw,
                    Groups = groups, BufferH = (int)bufferH, BufferW = (int)bufferW,
                },
                Parameters = parameters.ToEquatableArray(),
                Connections = products + (spec.NoBias ? 0 : maps * oh * ow), MultiplyAdds = products,
            };
        }

        /// <summary>Every given argument in range and each value given one way; one diagnostic per problem found.</summary>
        private static bool ArgumentsValid(ConvTransposeSpec spec, string name, List<DiagnosticInfo> diagnostics)
        {
            var at = spec.Location;
            bool ok = Checks.CheckAtLeast(name, "maps", spec.Maps, 1, at, diagnostics);
            ok &= WindowArguments.InRange(spec, name, diagnostics, ("OutputPaddingH", spec.OutputPaddingH), ("OutputPaddingW", spec.OutputPaddingW));
            ok &= Checks.CheckExtent(name, "OutputPadding", spec.OutputPadding, 0, at, diagnostics) & Checks.CheckAtLeast(name, "Groups", spec.Groups, 1, at, diagnostics);
            if (!ok) return false;

            // Each value given one way: the second way named is reported.
            var twice = new[]
            {
                (WindowArguments.SecondStride(spec), $"Stride = {spec.Stride}", "stride"),
                (WindowArguments.SecondDilation(spec), $"Dilation = {spec.Dilation}", "dilation"),
                (spec.Pad >= 0 ? WindowArguments.FirstSide(spec) : null, $"Pad = {spec.Pad}", "padding"),
                (WindowArguments.SecondWay(spec.OutputPadding != 0, ("OutputPaddingH", spec.OutputPaddingH, -1), ("OutputPaddingW", spec.OutputPaddingW, -1)), $"OutputPadding = {spec.OutputPadding}", "output padding"),
            };
            foreach (var (second, first, what) in twice)
                if (second is not null) { diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeometryGivenTwice, at, name, first, second, what)); return false; }
            return true;
        }

        public override IEnumerable<Slot> Scratch(LayerModel l)
        {
            var t = l.As<ConvTransposeLayer>();
            yield return new Slot(Full, (long)l.OutC * t.BufferH * t.BufferW);
        }

        public override string Label(LayerModel l)
        {
            var t = l.As<ConvTransposeLayer>();
            return $"conv-T {t.KernelH}x{t.KernelW}" + (t.StrideH * t.StrideW > 1 ? $" /{t.StrideH}x{t.StrideW}" : "")
                + (t.PadTop + t.PadLeft + t.PadBottom + t.PadRight > 0 ? $" pad {t.PadTop},{t.PadLeft},{t.PadBottom},{t.PadRight}" : "")
                + (t.OutputPaddingH + t.OutputPaddingW > 0 ? $" out+{t.OutputPaddingH}x{t.OutputPaddingW}" : "")
                + (t.DilationH * t.DilationW > 1 ? $" dil {t.DilationH}x{t.DilationW}" : "")
                + (t.Groups > 1 ? $" groups {t.Groups}" : "");
        }

        public override void Architecture(StringBuilder text, LayerModel l)
        {
            var t = l.As<ConvTransposeLayer>();
            text.Append(' ').Append(l.OutC)
                .Append(" k").Append(t.KernelH).Append('x').Append(t.KernelW)
                .Append(" s").Append(t.StrideH).Append('x').Append(t.StrideW)
                .Append(" p").Append(t.PadTop).Append(',').Append(t.PadLeft).Append(',').Append(t.PadBottom).Append(',').Append(t.PadRight)
                .Append(" op").Append(t.OutputPaddingH).Append('x').Append(t.OutputPaddingW)
                .Append(" d").Append(t.DilationH).Append('x').Append(t.DilationW);
            if (l.BiasCount == 0) text.Append(" nobias");
            if (t.Groups > 1) text.Append(" groups ").Append(t.Groups);
        }

        /// <summary>The whole window always (LayerType.ConvTranspose's doc): the end pads less the output padding.</summary>
        public override LayerFacts Facts(LayerModel l)
        {
            var t = l.As<ConvTransposeLayer>();
            return new LayerFacts
            {
                Kernel = t.KernelH, Stride = t.StrideH, Pad = t.PadTop, Groups = t.Groups,
                Window = new[]
                {
                    t.KernelH, t.KernelW, t.StrideH, t.StrideW, t.PadTop, t.PadLeft, t.PadBottom - t.OutputPaddingH, t.PadRight - t.OutputPaddingW,
                    t.DilationH, t.DilationW,
                }.ToEquatableArray(),
            };
        }

        /// <summary>
        /// PyTorch's _ConvNd.reset_parameters: kaiming_uniform_(a = sqrt(5)) gives bound 1/sqrt(fan_in) for the weight, and the
        /// bias is uniform in the same bound; for a transposed convolution torch's fan_in is weight.size(1)*kH*kW = maps/groups*kH*kW.
        /// </summary>
        public override void EmitInitialization(SourceWriter w, LayerModel l)
        {
            var t = l.As<ConvTransposeLayer>();
            int fanIn = l.OutC / t.Groups * t.KernelH * t.KernelW;
            string bound = (1 / Math.Sqrt(fanIn)).ToString("R", CultureInfo.InvariantCulture);
            w.Line($"// {l.Name}: as PyTorch's ConvTranspose2d, weight{(l.BiasCount > 0 ? " and bias" : "")} uniform in +-1/sqrt(fan_in), fan_in = weight.size(1)*kH*kW = {fanIn}.");
            w.Line($"foreach (ref float p in _parameters.Span.Slice({l.WeightOffset}, {l.WeightCount + l.BiasCount}))");
            w.Line($"    p = (float)((random.NextDouble() * 2 - 1) * {bound});");
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => ConvTransposeEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => ConvTransposeEmitter.EmitBackward(w, l);
    }
}
