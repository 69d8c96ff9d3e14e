using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// [Subsample(size, activation)], [MaxPool(size)], [AvgPool(size)] with Stride, Pad, DropRemainder and (pools only)
    /// SizeH/SizeW, StrideH/StrideW, PadH/PadW, CeilMode, CountIncludePad, as written. The ONNX importer and the inception
    /// block build it too: the per-axis values default to the square ones.
    /// </summary>
    internal sealed record PoolSpec : LayerSpec
    {
        public int Window { get; init; }
        /// <summary>0 is the attribute's "the window size".</summary>
        public int Stride { get; init; }
        public int Pad { get; init; }
        public bool DropRemainder { get; init; }
        /// <summary>0: <see cref="Window"/>.</summary>
        public int WindowH { get; init; }
        public int WindowW { get; init; }
        /// <summary>0: <see cref="Stride"/>.</summary>
        public int StrideH { get; init; }
        public int StrideW { get; init; }
        /// <summary>-1: <see cref="Pad"/>.</summary>
        public int PadH { get; init; } = -1;
        public int PadW { get; init; } = -1;
        public bool CeilMode { get; init; }
        public bool CountIncludePad { get; init; } = true;
    }

    /// <summary>
    /// A window layer's own part. <see cref="Window"/>, <see cref="Stride"/> and <see cref="Pad"/> are the height axis
    /// (the whole window when square); the W members the width axis. <see cref="ExtraH"/>/<see cref="ExtraW"/> are the
    /// cells past the bottom/right padding that CeilMode's last windows read (max pooling ignores them, mean pooling
    /// leaves them out of the divisor). The kernels run on a copy padded by Pad + Extra whenever either is not zero.
    /// </summary>
    internal sealed record PoolLayer : LayerPayload
    {
        public required int Window { get; init; }
        public required int Stride { get; init; }
        public int Pad { get; init; }
        public required int WindowW { get; init; }
        public required int StrideW { get; init; }
        public int PadW { get; init; }
        public int ExtraH { get; init; }
        public int ExtraW { get; init; }
        public bool CeilMode { get; init; }
        public bool CountIncludePad { get; init; } = true;
        /// <summary>The plan: 2x2 windows with stride 2 tiling an unpadded input exactly, split with one shuffle per vector.</summary>
        public bool Pairs { get; init; }
        public override int Extent => System.Math.Max(Window, WindowW);

        /// <summary>A square window with equal strides and pads: the kernels name it P and S.</summary>
        public bool Square => Window == WindowW && Stride == StrideW && Pad == PadW;
        /// <summary>Whether the kernels read a padded copy of the input.</summary>
        public bool Padded => Pad > 0 || PadW > 0 || ExtraH > 0 || ExtraW > 0;
        public int PaddedH(int inH) => inH + 2 * Pad + ExtraH;
        public int PaddedW(int inW) => inW + 2 * PadW + ExtraW;
        /// <summary>Mean pooling whose divisor is not the window's area everywhere (<see cref="PoolRoom.Divisors"/>).</summary>
        public bool VariesDivisor(LayerKind kind) =>
            kind == LayerKind.AvgPool && (ExtraH > 0 || ExtraW > 0 || (!CountIncludePad && (Pad > 0 || PadW > 0)));
    }

    /// <summary>
    /// LeNet's trainable subsampling (f(coefficient * window sum + bias), per map), mean pooling and max pooling: one room,
    /// three kinds (Emit/PoolEmitter.cs). Output sizes and divisors follow PyTorch's max_pool2d/avg_pool2d (see the
    /// attributes' comments).
    /// </summary>
    internal sealed class PoolRoom(LayerKind kind) : LayerRoom
    {
        /// <summary>Mean pooling's 1/divisor per output position [OutH][OutW], written once at construction.</summary>
        public const string Divisors = "divisors";

        public override LayerKind Kind => kind;
        public override string AttributeName => "NetGen." + kind + "Attribute";
        public override string NamePrefix => "S";

        public override LayerSpec Parse(AttributeArguments a)
        {
            var spec = new PoolSpec
            {
                Kind = Kind, Name = a.Name, Location = a.Location,
                Window = a.Int(0, 0),
                // Subsample(size, activation) has no padding; the pools have no activation.
                Activation = kind == LayerKind.Subsample ? a.Int(1, 0) : 0,
                Stride = a.Int("Stride", 0), Pad = kind == LayerKind.Subsample ? 0 : a.Int("Pad", 0),
                DropRemainder = a.Flag("DropRemainder"),
            };
            if (kind == LayerKind.Subsample) return spec;
            return spec with
            {
                WindowH = a.Int("SizeH", 0), WindowW = a.Int("SizeW", 0), StrideH = a.Int("StrideH", 0), StrideW = a.Int("StrideW", 0),
                PadH = a.Int("PadH", -1), PadW = a.Int("PadW", -1), CeilMode = a.Flag("CeilMode"),
                CountIncludePad = kind != LayerKind.AvgPool || !a.Cleared("CountIncludePad"),
            };
        }

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (PoolSpec)layerSpec;
            var at = spec.Location;
            int c = input.C, h = input.H, w = input.W;
            // Each value with the property it came from: a square window's two axes report one problem, once.
            var kh = spec.WindowH != 0 ? ("SizeH", spec.WindowH) : ("size", spec.Window);
            var kw = spec.WindowW != 0 ? ("SizeW", spec.WindowW) : ("size", spec.Window);
            // A stride left at 0 is the window's extent, already checked.
            var sh = spec.StrideH != 0 ? ("StrideH", spec.StrideH) : spec.Stride != 0 ? ("Stride", spec.Stride) : ("", kh.Item2);
            var sw = spec.StrideW != 0 ? ("StrideW", spec.StrideW) : spec.Stride != 0 ? ("Stride", spec.Stride) : ("", kw.Item2);
            var ph = spec.PadH != -1 ? ("PadH", spec.PadH) : ("Pad", spec.Pad);
            var pw = spec.PadW != -1 ? ("PadW", spec.PadW) : ("Pad", spec.Pad);
            var extents = new[] { (kh, 1), (kw, 1), (sh, 1), (sw, 1), (ph, 0), (pw, 0) }
                .Where(e => e.Item1.Item1.Length > 0).GroupBy(e => e.Item1.Item1).Select(g => g.First()).ToList();
            bool ok = true;
            foreach (var ((what, value), minimum) in extents) ok &= Checks.CheckExtent(name, what, value, minimum, at, diagnostics);
            if (!ok) return null;
            bool square = kh.Item2 == kw.Item2 && ph.Item2 == pw.Item2;
            foreach (var (what, p, k) in square ? new[] { ("the window", ph.Item2, kh.Item2) }
                         : new[] { ("the window height", ph.Item2, kh.Item2), ("the window width", pw.Item2, kw.Item2) })
                if (p >= k) { diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, at, name, what, p + 1, k)); ok = false; }
            if (spec.CeilMode && spec.DropRemainder) { diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PoolRoundingConflict, at, name)); ok = false; }
            if (!ok) return null;
            bool floor = spec.DropRemainder || spec.CeilMode;
            var rows = Axis(h, kh.Item2, sh.Item2, ph.Item2, spec.CeilMode, floor);
            var columns = Axis(w, kw.Item2, sw.Item2, pw.Item2, spec.CeilMode, floor);
            if (rows is null || columns is null)
            {
                string strides = sh.Item2 == sw.Item2 ? $"{sh.Item2}" : $"{sh.Item2}x{sw.Item2}";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PoolWindowDoesNotFit, at, name, $"{kh.Item2}x{kw.Item2}", strides,
                    h + 2 * ph.Item2, w + 2 * pw.Item2));
                return null;
            }
            var (oh, extraH) = rows.Value;
            var (ow, extraW) = columns.Value;
            long outUnits = (long)c * oh * ow, area = (long)kh.Item2 * kw.Item2;
            bool sub = kind == LayerKind.Subsample;
            return new LayerModel
            {
                Name = name, Kind = Kind, Activation = sub ? (ActivationKind)spec.Activation : ActivationKind.Identity,
                InC = c, InH = h, InW = w, OutC = c, OutH = oh, OutW = ow,
                Payload = new PoolLayer
                {
                    Window = kh.Item2, Stride = sh.Item2, Pad = ph.Item2, WindowW = kw.Item2, StrideW = sw.Item2, PadW = pw.Item2,
                    ExtraH = extraH, ExtraW = extraW, CeilMode = spec.CeilMode, CountIncludePad = spec.CountIncludePad,
                },
                // Subsampling: one coefficient and one bias per map.
                Parameters = sub ? new[] { Slot.Tensor(Slot.Weight, c), Slot.Tensor(Slot.Bias, c) }.ToEquatableArray() : EquatableArray<Slot>.Empty,
                Connections = outUnits * (area + (sub ? 1 : 0)),
                MultiplyAdds = kind == LayerKind.MaxPool ? 0 : outUnits * area,
            };
        }

        /// <summary>
        /// One axis, as PyTorch's pooling_output_shape: out = (n + 2p - k) / s + 1, rounded up under CeilMode unless that
        /// last window would start past the input and its left padding; with the cells the last window reads past the
        /// padding. Null when the window does not fit, or (neither ceil nor floor asked) the windows do not tile exactly.
        /// </summary>
        internal static (int Out, int Extra)? Axis(int n, int k, int s, int p, bool ceil, bool rounds)
        {
            long span = (long)n + 2 * p - k;
            if (span < 0 || (!rounds && span % s != 0)) return null;
            long o = (ceil ? (span + s - 1) / s : span / s) + 1;
            if (ceil && (o - 1) * s >= n + p) o--;
            long extra = System.Math.Max(0, (o - 1) * s + k - (n + 2L * p));
            return ((int)o, (int)extra);
        }

        public override LayerModel Plan(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            bool pairs = pool.Square && pool.Window == 2 && pool.Stride == 2 && !pool.Padded && l.InH % 2 == 0 && l.InW % 2 == 0;
            return l with { Payload = pool with { Pairs = pairs } };
        }

        public override IEnumerable<Slot> Scratch(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            if (pool.Padded)
            {
                long padded = (long)l.InC * pool.PaddedH(l.InH) * pool.PaddedW(l.InW);   // the padded input (max pooling: -infinity), then its gradient
                yield return new Slot(ScratchRoles.Source, padded);
                yield return new Slot(ScratchRoles.SourceGradient, padded);
            }
            if (kind == LayerKind.MaxPool) yield return new Slot(ScratchRoles.Own, l.OutLength);   // each window's argmax
            if (pool.VariesDivisor(kind)) yield return new Slot(Divisors, (long)l.OutH * l.OutW);
        }

        /// <summary>"3x3 /2 pad 1", "3x2 /2x1 pad 1x0 ceil": the existing square text unchanged.</summary>
        private static string Geometry(PoolLayer pool)
        {
            string text = $"{pool.Window}x{pool.WindowW}";
            if (pool.Stride != pool.Window || pool.StrideW != pool.WindowW)
                text += pool.Stride == pool.StrideW ? $" /{pool.Stride}" : $" /{pool.Stride}x{pool.StrideW}";
            return text;
        }

        private static string Padding(PoolLayer pool) =>
            (pool.Pad > 0 || pool.PadW > 0 ? pool.Pad == pool.PadW ? $" pad {pool.Pad}" : $" pad {pool.Pad}x{pool.PadW}" : "")
            + (pool.CeilMode ? " ceil" : "") + (pool.CountIncludePad ? "" : " pad not counted");

        public override string Label(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            return kind switch
            {
                LayerKind.Subsample => "subsample " + Geometry(pool),
                LayerKind.MaxPool => "max pool " + Geometry(pool) + Padding(pool),
                _ => "avg pool " + Geometry(pool) + Padding(pool),
            };
        }

        public override void Architecture(StringBuilder text, LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            // The square text as before (checkpoints record it); the width axis only where it differs.
            text.Append(" k").Append(pool.Window).Append(pool.WindowW != pool.Window ? "x" + pool.WindowW : "");
            text.Append(" s").Append(pool.Stride).Append(pool.StrideW != pool.Stride ? "x" + pool.StrideW : "");
            if (pool.Pad > 0 || pool.PadW > 0) text.Append(" p").Append(pool.Pad).Append(pool.PadW != pool.Pad ? "x" + pool.PadW : "");
            if (pool.CeilMode) text.Append(" ceil");
            if (!pool.CountIncludePad) text.Append(" nopadcount");
        }

        public override LayerFacts Facts(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            // LayerDescription.Pool: null for the square, floor, padding-counted pool the Kernel/Stride/Pad columns describe.
            bool plain = pool.Square && !pool.CeilMode && pool.CountIncludePad;
            string B(bool b) => b ? "true" : "false";
            return new LayerFacts
            {
                Kernel = pool.Window, Stride = pool.Stride, Pad = pool.Pad,
                Pool = plain ? "null" : $"new PoolGeometry({pool.Window}, {pool.WindowW}, {pool.Stride}, {pool.StrideW}, {pool.Pad}, {pool.PadW}, {B(pool.CeilMode)}, {B(pool.CountIncludePad)})",
            };
        }

        public override void EmitConstruction(SourceWriter w, LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            if (kind == LayerKind.MaxPool && pool.Padded)
                w.Line($"_scratch.AsSpan({l.ScratchAt(ScratchRoles.Source)}, {l.InC * pool.PaddedH(l.InH) * pool.PaddedW(l.InW)}).Fill(float.NegativeInfinity);  // {l.Name} pads with -infinity: filled once, Forward rewrites the interior");
            if (pool.VariesDivisor(kind)) PoolEmitter.EmitDivisors(w, l, pool);
        }

        public override void EmitInitialization(SourceWriter w, LayerModel l)
        {
            if (kind != LayerKind.Subsample) return;
            var pool = l.As<PoolLayer>();
            string mean = (1.0f / (pool.Window * pool.WindowW)).ToString("R", CultureInfo.InvariantCulture);
            w.Line($"_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount}).Fill({mean}f);  // {l.Name}: starts as mean pooling");
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => PoolEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => PoolEmitter.EmitBackward(w, l);
    }
}
