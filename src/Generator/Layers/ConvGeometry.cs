using System;
using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// A convolution's window as PyTorch's nn.Conv2d and ONNX's Conv define it, per axis: kernel k, stride s, dilation d,
    /// zero pads before (pb) and after (pe); the taps span e = d*(k-1)+1 inputs and the output extent is
    /// floor((in + pb + pe - e) / s) + 1.
    /// </summary>
    internal static class ConvGeometry
    {
        /// <summary>NetGen.Padding's values (Model/LayerKind.cs's PaddingMode predates SameLower).</summary>
        private const int Valid = 0, Same = 1, Full = 2, SameLower = 3;
        private static readonly string[] ModeNames = { "Valid", "Same", "Full", "SameLower" };

        /// <summary>
        /// The spec's geometry on an <paramref name="h"/> x <paramref name="w"/> input as a payload holding only the window
        /// (Analyze fills the rest), and the output extents; null after one diagnostic per problem.
        /// </summary>
        public static ConvLayer? Resolve(ConvSpec spec, string name, int c, int h, int w, List<DiagnosticInfo> diagnostics, out int oh, out int ow)
        {
            oh = ow = 0;
            var at = spec.Location;
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor d, params object[] args) => diagnostics.Add(DiagnosticInfo.Create(d, at, args));
            int kh = spec.Kernel, kw = spec.KernelW ?? spec.Kernel;
            if (!WindowArguments.InRange(spec, name, diagnostics)) return null;
            if (spec.Padding < 0 || spec.Padding > 3) { Report(DiagnosticDescriptors.UnknownEnumValue, name, spec.Padding, "Padding"); return null; }
            int mode = spec.Padding;

            // Each value given one way.
            if (WindowArguments.SecondStride(spec) is { } stride)
            { Report(DiagnosticDescriptors.GeometryGivenTwice, name, $"Stride = {spec.Stride}", stride, "stride"); return null; }
            if (WindowArguments.SecondDilation(spec) is { } dilation)
            { Report(DiagnosticDescriptors.GeometryGivenTwice, name, $"Dilation = {spec.Dilation}", dilation, "dilation"); return null; }
            if (spec.Pad >= 0 && mode != Valid) { Report(DiagnosticDescriptors.ConflictingPadding, name, ModeNames[mode], spec.Pad); return null; }
            string? side = WindowArguments.FirstSide(spec);
            if (side is not null && (spec.Pad >= 0 || mode != Valid))
            { Report(DiagnosticDescriptors.GeometryGivenTwice, name, spec.Pad >= 0 ? $"Pad = {spec.Pad}" : $"Padding = {ModeNames[mode]}", side, "padding"); return null; }

            int sh = WindowArguments.Axis(spec.StrideH, spec.Stride), sw = WindowArguments.Axis(spec.StrideW, spec.Stride);
            int dh = WindowArguments.Axis(spec.DilationH, spec.Dilation), dw = WindowArguments.Axis(spec.DilationW, spec.Dilation);
            // The dilated extents stay within the extent limit, so every pad and padded size below stays far inside int.
            long eh = (long)dh * (kh - 1) + 1, ew = (long)dw * (kw - 1) + 1;
            if (!Checks.CheckExtent(name, "the dilated kernel height", eh, 1, at, diagnostics) || !Checks.CheckExtent(name, "the dilated kernel width", ew, 1, at, diagnostics))
                return null;
            var (pt, pb) = Pads(mode, spec.Pad, spec.PadTop, spec.PadBottom, side is not null, h, sh, (int)eh);
            var (pl, pr) = Pads(mode, spec.Pad, spec.PadLeft, spec.PadRight, side is not null, w, sw, (int)ew);
            int ph = h + pt + pb, pw = w + pl + pr;
            bool regular = kh == kw && sh == sw && dh == 1 && dw == 1 && pt == pl && pt == pb && pt == pr;
            if (eh > ph || ew > pw)
            {
                if (regular) Report(DiagnosticDescriptors.KernelTooLarge, name, kh, ph, pw, h, w, pt);
                else Report(DiagnosticDescriptors.DilatedKernelTooLarge, name, kh, kw, dh, dw, eh, ew, ph, pw, h, w, pt, pl, pb, pr);
                return null;
            }
            // Same and SameLower define the output as ceil(in / s): their remainder is never a mistake.
            bool floors = spec.DropRemainder || mode is Same or SameLower;
            foreach (var (axis, size, before, after, e, s, padded) in new[] { ("rows", h, pt, pb, (int)eh, sh, ph), ("columns", w, pl, pr, (int)ew, sw, pw) })
            {
                if (floors || (padded - e) % s == 0) continue;
                if (regular) Report(DiagnosticDescriptors.StrideNotIntegral, name, size, before, e, padded - e, s);
                else Report(DiagnosticDescriptors.AxisStrideNotIntegral, name, axis, size, before, after, e, padded - e, s);
                return null;
            }
            oh = (ph - (int)eh) / sh + 1;
            ow = (pw - (int)ew) / sw + 1;
            // c * ph * pw in double: it may exceed a long before the check refuses it.
            if (!Checks.Fits(name, "the output", (long)spec.Maps * oh * ow, at, diagnostics)
                || !Checks.Fits(name, "the padded input", (long)Math.Min((double)c * ph * pw, long.MaxValue), at, diagnostics))
                return null;
            if (spec.LearnConnections && kh != kw) { Report(DiagnosticDescriptors.LearnedConnectionsRectangular, name, kh, kw); return null; }
            return new ConvLayer
            {
                KernelH = kh, KernelW = kw, StrideH = sh, StrideW = sw, DilationH = dh, DilationW = dw,
                PadTop = pt, PadLeft = pl, PadBottom = pb, PadRight = pr,
            };
        }

        /// <summary>One axis's (before, after) pads: the sides as given (0 when not), Pad, or the mode's.</summary>
        private static (int Before, int After) Pads(int mode, int pad, int before, int after, bool sides, int size, int s, int e)
        {
            if (sides) return (Math.Max(before, 0), Math.Max(after, 0));
            if (pad >= 0) return (pad, pad);
            switch (mode)
            {
                case Full: return (e - 1, e - 1);
                case Same:
                case SameLower:
                    // ONNX auto_pad: output ceil(size / s); the odd pad goes after (SAME_UPPER) or before (SAME_LOWER).
                    long output = ((long)size + s - 1) / s;
                    int total = (int)Math.Max(0, (output - 1) * s + e - size);
                    int first = mode == Same ? total / 2 : total - total / 2;
                    return (first, total - first);
                default: return (0, 0);
            }
        }

        /// <summary>The summary's kind column for a general window: kernel, stride, pads (top, left, bottom, right), dilation.</summary>
        public static string Label(ConvLayer conv) =>
            $"conv {conv.KernelH}x{conv.KernelW}" + (conv.StrideH * conv.StrideW > 1 ? $" /{conv.StrideH}x{conv.StrideW}" : "")
            + (conv.Padded ? $" pad {conv.PadTop},{conv.PadLeft},{conv.PadBottom},{conv.PadRight}" : "")
            + (conv.DilationH * conv.DilationW > 1 ? $" dil {conv.DilationH}x{conv.DilationW}" : "");

        /// <summary>The checkpoint line's window: kernel and stride rows x columns, pads in ONNX's order, dilation.</summary>
        public static void Architecture(StringBuilder text, ConvLayer conv) =>
            text.Append(" k").Append(conv.KernelH).Append('x').Append(conv.KernelW)
                .Append(" s").Append(conv.StrideH).Append('x').Append(conv.StrideW)
                .Append(" p").Append(conv.PadTop).Append(',').Append(conv.PadLeft).Append(',').Append(conv.PadBottom).Append(',').Append(conv.PadRight)
                .Append(" d").Append(conv.DilationH).Append('x').Append(conv.DilationW);

        /// <summary>LayerDescription.Window's ten numbers, in ConvWindow's order.</summary>
        public static EquatableArray<int> Window(ConvLayer conv) => new[]
        {
            conv.KernelH, conv.KernelW, conv.StrideH, conv.StrideW, conv.PadTop, conv.PadLeft, conv.PadBottom, conv.PadRight,
            conv.DilationH, conv.DilationW,
        }.ToEquatableArray();
    }
}
