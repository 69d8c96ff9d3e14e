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
    /// <summary>[Subsample(size, activation)], [MaxPool(size)], [AvgPool(size)] with Stride, Pad, DropRemainder, as written.</summary>
    internal sealed record PoolSpec : LayerSpec
    {
        public int Window { get; init; }
        /// <summary>0 is the attribute's "the window size".</summary>
        public int Stride { get; init; }
        public int Pad { get; init; }
        public bool DropRemainder { get; init; }
    }

    /// <summary>A window layer's own part: the window, stride and padding, and whether it runs the 2x2 fast path.</summary>
    internal sealed record PoolLayer : LayerPayload
    {
        public required int Window { get; init; }
        public required int Stride { get; init; }
        public int Pad { get; init; }
        /// <summary>The plan: 2x2 windows with stride 2 tiling an unpadded input exactly, split with one shuffle per vector.</summary>
        public bool Pairs { get; init; }
        public override int Extent => Window;
    }

    /// <summary>
    /// LeNet's trainable subsampling (f(coefficient * window sum + bias), per map), mean pooling and max pooling: one room,
    /// three kinds (Emit/PoolEmitter.cs).
    /// </summary>
    internal sealed class PoolRoom(LayerKind kind) : LayerRoom
    {
        public override LayerKind Kind => kind;
        public override string AttributeName => "NetGen." + kind + "Attribute";
        public override string NamePrefix => "S";

        public override LayerSpec Parse(AttributeArguments a) => new PoolSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location,
            Window = a.Int(0, 0),
            // Subsample(size, activation) has no padding; the pools have no activation.
            Activation = kind == LayerKind.Subsample ? a.Int(1, 0) : 0,
            Stride = a.Int("Stride", 0), Pad = kind == LayerKind.Subsample ? 0 : a.Int("Pad", 0),
            DropRemainder = a.Flag("DropRemainder"),
        };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (PoolSpec)layerSpec;
            var at = spec.Location;
            int c = input.C, h = input.H, w = input.W;
            int size = spec.Window, s = spec.Stride == 0 ? size : spec.Stride, p = spec.Pad;
            if (!Checks.CheckExtent(name, "size", size, 1, at, diagnostics) | !Checks.CheckExtent(name, "Stride", s, 1, at, diagnostics)
                | !Checks.CheckExtent(name, "Pad", p, 0, at, diagnostics)) return null;
            if (p >= size) { diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, at, name, "the window", p + 1, size)); return null; }
            int ph = h + 2 * p, pw = w + 2 * p;
            if (size > ph || size > pw || (!spec.DropRemainder && ((ph - size) % s != 0 || (pw - size) % s != 0)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PoolWindowDoesNotFit, at, name, size, s, ph, pw));
                return null;
            }
            int oh = (ph - size) / s + 1, ow = (pw - size) / s + 1;
            long outUnits = (long)c * oh * ow;
            bool sub = kind == LayerKind.Subsample;
            return new LayerModel
            {
                Name = name, Kind = Kind, Activation = sub ? (ActivationKind)spec.Activation : ActivationKind.Identity,
                InC = c, InH = h, InW = w, OutC = c, OutH = oh, OutW = ow,
                Payload = new PoolLayer { Window = size, Stride = s, Pad = p },
                // Subsampling: one coefficient and one bias per map.
                Parameters = sub ? new[] { Slot.Tensor(Slot.Weight, c), Slot.Tensor(Slot.Bias, c) }.ToEquatableArray() : EquatableArray<Slot>.Empty,
                Connections = outUnits * (size * size + (sub ? 1 : 0)),
                MultiplyAdds = kind == LayerKind.MaxPool ? 0 : outUnits * size * size,
            };
        }

        public override LayerModel Plan(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            bool pairs = pool.Window == 2 && pool.Stride == 2 && pool.Pad == 0 && l.InH % 2 == 0 && l.InW % 2 == 0;
            return l with { Payload = pool with { Pairs = pairs } };
        }

        public override IEnumerable<Slot> Scratch(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            if (pool.Pad > 0)
            {
                long padded = (long)l.InC * l.PaddedH * l.PaddedW;   // the padded input (max pooling: -infinity), then its gradient
                yield return new Slot(ScratchRoles.Source, padded);
                yield return new Slot(ScratchRoles.SourceGradient, padded);
            }
            if (kind == LayerKind.MaxPool) yield return new Slot(ScratchRoles.Own, l.OutLength);   // each window's argmax
        }

        public override string Label(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            string window = $"{pool.Window}x{pool.Window}" + (pool.Stride != pool.Window ? $" /{pool.Stride}" : "");
            return kind switch
            {
                LayerKind.Subsample => "subsample " + window,
                LayerKind.MaxPool => "max pool " + window + (pool.Pad > 0 ? $" pad {pool.Pad}" : ""),
                _ => "avg pool " + window + (pool.Pad > 0 ? $" pad {pool.Pad}" : ""),
            };
        }

        public override void Architecture(StringBuilder text, LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            text.Append(" k").Append(pool.Window).Append(" s").Append(pool.Stride);
            if (pool.Pad > 0) text.Append(" p").Append(pool.Pad);
        }

        public override LayerFacts Facts(LayerModel l)
        {
            var pool = l.As<PoolLayer>();
            return new LayerFacts { Kernel = pool.Window, Stride = pool.Stride, Pad = pool.Pad };
        }

        public override void EmitConstruction(SourceWriter w, LayerModel l)
        {
            if (kind == LayerKind.MaxPool && l.Pad > 0)
                w.Line($"_scratch.AsSpan({l.PadOffset}, {l.InC * l.PaddedH * l.PaddedW}).Fill(float.NegativeInfinity);  // {l.Name} pads with -infinity: filled once, Forward rewrites the interior");
        }

        public override void EmitInitialization(SourceWriter w, LayerModel l)
        {
            if (kind != LayerKind.Subsample) return;
            var pool = l.As<PoolLayer>();
            string mean = (1.0f / (pool.Window * pool.Window)).ToString("R", CultureInfo.InvariantCulture);
            w.Line($"_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount}).Fill({mean}f);  // {l.Name}: starts as mean pooling");
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => PoolEmitter.EmitForward(w, l);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => PoolEmitter.EmitBackward(w, l);
    }
}
