using System;
using System.Collections.Generic;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// A Conv or pool node's window on one input, as ONNX defines it per axis: kernel, stride, dilation and zero pads before
    /// and after (auto_pad resolved for the input's size: SAME_* gives ceil(in / stride) outputs, the odd pad after for
    /// SAME_UPPER, before for SAME_LOWER, over the dilated extent), plus the pads of a constant-zero Pad node in front.
    /// </summary>
    internal sealed class NodeWindow
    {
        public int KH { get; set; }
        public int KW { get; set; }
        public int SH { get; set; } = 1;
        public int SW { get; set; } = 1;
        public int DH { get; set; } = 1;
        public int DW { get; set; } = 1;
        /// <summary>The node's own pads (top, left, bottom, right).</summary>
        public int[] Pads { get; set; } = new int[4];
        /// <summary>A Pad node's zeros in front (top, left, bottom, right): inside the input for a mean pool's divisor.</summary>
        public int[] Zeros { get; set; } = new int[4];

        public int Top => Pads[0] + Zeros[0];
        public int Left => Pads[1] + Zeros[1];
        public int Bottom => Pads[2] + Zeros[2];
        public int Right => Pads[3] + Zeros[3];
        public long EH => (long)DH * (KH - 1) + 1;
        public long EW => (long)DW * (KW - 1) + 1;
    }

    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// The window of a Conv (<paramref name="kh"/> x <paramref name="kw"/> from its weight) or pool (0: kernel_shape) on
        /// <paramref name="x"/> padded by <paramref name="zeros"/>; null after naming each problem. Audit checked the
        /// attributes' lengths and signs.
        /// </summary>
        private NodeWindow? ReadWindow(OnnxNode node, long kh, long kw, ActivationValue x, int[] zeros, List<string> problems)
        {
            var shape = node.Ints("kernel_shape");
            if (shape is { Count: 2 })
            {
                if (kh > 0 && (shape[0] != kh || shape[1] != kw)) problems.Add($"has kernel_shape {NodeAttributes.List(shape)}, which does not match its weight");
                (kh, kw) = (shape[0], shape[1]);
            }
            long[] Pair(string name, long otherwise) => node.Ints(name) is { Count: 2 } v ? new[] { v[0], v[1] } : new[] { otherwise, otherwise };
            long[] strides = Pair("strides", 1), dilations = Pair("dilations", 1);
            var pads = node.Ints("pads") is { Count: 4 } p ? new[] { p[0], p[1], p[2], p[3] } : new long[4];
            string autoPad = node.Text("auto_pad", "NOTSET");
            long h = (long)x.H + zeros[0] + zeros[2], w = (long)x.W + zeros[1] + zeros[3];
            var all = new[] { kh, kw, strides[0], strides[1], dilations[0], dilations[1], pads[0], pads[1], pads[2], pads[3] };
            foreach (long v in all)
                if (v < 0 || v > Limits.MaxExtent)
                {
                    problems.Add($"has kernel {kh}x{kw}, strides {NodeAttributes.List(strides)}, dilations {NodeAttributes.List(dilations)} and pads {NodeAttributes.List(pads)}; NetGen takes values from 0 (1 for kernels, strides, dilations) to {Limits.MaxExtent}");
                    return null;
                }
            if (kh < 1 || kw < 1 || strides[0] < 1 || strides[1] < 1 || dilations[0] < 1 || dilations[1] < 1)
            {
                problems.Add($"has kernel {kh}x{kw}, strides {NodeAttributes.List(strides)} and dilations {NodeAttributes.List(dilations)}; each must be at least 1");
                return null;
            }
            var window = new NodeWindow
            {
                KH = (int)kh, KW = (int)kw, SH = (int)strides[0], SW = (int)strides[1], DH = (int)dilations[0], DW = (int)dilations[1], Zeros = zeros,
            };
            if (window.EH > Limits.MaxExtent || window.EW > Limits.MaxExtent)
            {
                problems.Add($"has a dilated window of {window.EH}x{window.EW}, beyond NetGen's limit of {Limits.MaxExtent}");
                return null;
            }
            if (autoPad is "VALID") pads = new long[4];
            else if (autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                (pads[0], pads[2]) = SamePads(h, window.SH, window.EH, autoPad == "SAME_UPPER");
                (pads[1], pads[3]) = SamePads(w, window.SW, window.EW, autoPad == "SAME_UPPER");
                if (Math.Max(pads[0], pads[1]) > Limits.MaxExtent || Math.Max(pads[2], pads[3]) > Limits.MaxExtent)
                {
                    problems.Add($"has auto_pad {autoPad}, which pads {NodeAttributes.List(pads)}, beyond NetGen's limit of {Limits.MaxExtent}");
                    return null;
                }
            }
            window.Pads = new[] { (int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3] };
            if (h + pads[0] + pads[2] < window.EH || w + pads[1] + pads[3] < window.EW)
            {
                problems.Add($"has a {window.EH}x{window.EW} window larger than its padded input {h + pads[0] + pads[2]}x{w + pads[1] + pads[3]}");
                return null;
            }
            if (window.Top > Limits.MaxExtent || window.Left > Limits.MaxExtent || window.Bottom > Limits.MaxExtent || window.Right > Limits.MaxExtent)
            {
                problems.Add($"pads by more than NetGen's limit of {Limits.MaxExtent}");
                return null;
            }
            return window;
        }

        /// <summary>ONNX auto_pad SAME_*: ceil(size / s) outputs; the odd pad after (upper) or before (lower).</summary>
        private static (long Before, long After) SamePads(long size, long s, long extent, bool upper)
        {
            long total = Math.Max(0, ((size + s - 1) / s - 1) * s + extent - size);
            long before = upper ? total / 2 : total - total / 2;
            return (before, total - before);
        }

        /// <summary>
        /// The Conv spec of a window: explicit sides (ONNX's order) unless all four are equal, per-axis strides and dilations
        /// only where the axes differ, the floor output size (DropRemainder).
        /// </summary>
        private static ConvSpec ConvGeometry(ConvSpec spec, NodeWindow w)
        {
            spec = spec with { Kernel = w.KH, KernelW = w.KH != w.KW ? w.KW : null, DropRemainder = true };
            spec = w.SH == w.SW ? spec with { Stride = w.SH } : spec with { StrideH = w.SH, StrideW = w.SW };
            spec = w.DH == w.DW ? spec with { Dilation = w.DH } : spec with { DilationH = w.DH, DilationW = w.DW };
            bool even = w.Top == w.Left && w.Top == w.Bottom && w.Top == w.Right;
            return even ? spec with { Pad = w.Top } : spec with { PadTop = w.Top, PadLeft = w.Left, PadBottom = w.Bottom, PadRight = w.Right };
        }

        /// <summary>
        /// MaxPool or AveragePool as NetGen's pool (PyTorch's max_pool2d/avg_pool2d: one pad before and after each axis, ceil
        /// mode's last window starting inside the input or its left padding, cells past the far padding never counted), or
        /// null. ONNX's pads, ceil_mode, count_include_pad and a Pad node's zeros in front (always counted: they are input)
        /// may differ in form from NetGen's options and still compute the same: each candidate (ceil mode, count_include_pad)
        /// is checked window by window, on both axes, for the same output size and, for a mean, the same divisor.
        /// </summary>
        private static PoolSpec? PoolGeometry(OnnxNode node, LayerKind kind, NodeWindow w, ActivationValue x, out int oh, out int ow)
        {
            oh = ow = 0;
            bool mean = kind == LayerKind.AvgPool;
            bool ceil = node.Text("auto_pad", "NOTSET") is "NOTSET" or "" && node.Int("ceil_mode", 0) != 0;
            bool include = node.Int("count_include_pad", 0) != 0;
            foreach (bool includeN in mean ? new[] { include, !include } : new[] { true })
                foreach (bool ceilN in new[] { ceil, !ceil })
                {
                    int? rows = PoolAxis(x.H, w.KH, w.SH, w.Top, w.Bottom, include ? w.Top : w.Zeros[0], include ? w.Bottom : w.Zeros[2], ceil, ceilN, includeN, mean);
                    int? columns = PoolAxis(x.W, w.KW, w.SW, w.Left, w.Right, include ? w.Left : w.Zeros[1], include ? w.Right : w.Zeros[3], ceil, ceilN, includeN, mean);
                    if (rows is null || columns is null) continue;
                    (oh, ow) = (rows.Value, columns.Value);
                    return new PoolSpec
                    {
                        Kind = kind, Window = w.KH, WindowW = w.KW != w.KH ? w.KW : 0, Stride = w.SH, StrideW = w.SW != w.SH ? w.SW : 0,
                        Pad = w.Top, PadW = w.Left != w.Top ? w.Left : -1, CeilMode = ceilN, DropRemainder = !ceilN, CountIncludePad = includeN,
                    };
                }
            return null;
        }

        /// <summary>
        /// One axis of n cells: ONNX's windows (start i*s - before, output floor or ceil over n + before + after, ceil's last
        /// window dropped when it starts past the input and its left padding; a mean counts the cells in -countedBefore ..
        /// n + countedAfter) against NetGen's (pad = before on both sides, <paramref name="ceilN"/>, counting the padding when
        /// <paramref name="includeN"/>). The output size when every window agrees, else null.
        /// </summary>
        private static int? PoolAxis(int n, int k, int s, int before, int after, int countedBefore, int countedAfter, bool ceil, bool ceilN, bool includeN, bool mean)
        {
            if (before >= k) return null;
            long span = (long)n + before + after - k;
            if (span < 0) return null;
            long o = (ceil ? (span + s - 1) / s : span / s) + 1;
            if (ceil && (o - 1) * s >= n + before) o--;
            var netgen = PoolRoom.Axis(n, k, s, before, ceilN, true);
            if (netgen is null || netgen.Value.Out != o) return null;
            if (!mean) return (int)o;
            int counted = includeN ? before : 0;
            for (long i = 0; i < o; i++)
            {
                long start = i * s - before, end = start + k;
                if (Overlap(start, end, -countedBefore, (long)n + countedAfter) != Overlap(start, end, -counted, (long)n + counted)) return null;
            }
            return (int)o;
        }

        private static long Overlap(long start, long end, long from, long to) => Math.Max(0, Math.Min(end, to) - Math.Max(start, from));
    }
}
