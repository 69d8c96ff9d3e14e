using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>Convolution: its spec, payload and strategies are in ConvLayer.cs, its window in ConvGeometry.cs.</summary>
    internal sealed class ConvRoom : LayerRoom
    {
        public const string Connections = "connections", Effective = "effective";

        public override LayerKind Kind => LayerKind.Conv;
        public override string AttributeName => "NetGen.ConvAttribute";
        public override string NamePrefix => "C";

        // Conv(maps, kernel, activation) or Conv(maps, kernelH, kernelW, activation): the second constructor's arguments
        // always hold a fourth (the activation, defaulted or not). Stride defaults to 1, Pad and the sides to -1 ("not given").
        public override LayerSpec Parse(AttributeArguments a)
        {
            var table = a.Strings("Connections");
            bool rectangular = a.Int(3, int.MinValue) != int.MinValue;
            return new ConvSpec
            {
                Kind = Kind, Name = a.Name, Location = a.Location,
                Maps = a.Int(0, 0), Kernel = a.Int(1, 0),
                KernelW = rectangular ? a.Int(2, 0) : null, Activation = a.Int(rectangular ? 3 : 2, 0),
                Stride = a.Int("Stride", 1), StrideH = a.Int("StrideH", 0), StrideW = a.Int("StrideW", 0),
                Padding = a.Int("Padding", 0), Pad = a.Int("Pad", -1),
                PadTop = a.Int("PadTop", -1), PadLeft = a.Int("PadLeft", -1), PadBottom = a.Int("PadBottom", -1), PadRight = a.Int("PadRight", -1),
                Dilation = a.Int("Dilation", 1), DilationH = a.Int("DilationH", 0), DilationW = a.Int("DilationW", 0),
                HasTable = table is not null, Table = table ?? EquatableArray<string>.Empty,
                Groups = a.Int("Groups", 1), DropRemainder = a.Flag("DropRemainder"), NoBias = a.Cleared("Bias"),
                LearnConnections = a.Flag("LearnConnections"),
            };
        }

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (ConvSpec)layerSpec;
            var at = spec.Location;
            void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor d, params object[] args) => diagnostics.Add(DiagnosticInfo.Create(d, at, args));
            int c = input.C, h = input.H, w = input.W;
            int maps = spec.Maps;
            bool mapsValid = Checks.CheckAtLeast(name, "maps", maps, 1, at, diagnostics);
            var window = ConvGeometry.Resolve(spec, name, c, h, w, diagnostics, out int oh, out int ow);
            if (!mapsValid || window is null) return null;
            int kh = window.KernelH, kw = window.KernelW, kk = kh * kw;

            if (spec.Groups != 1)
            {
                if (!Checks.CheckAtLeast(name, "Groups", spec.Groups, 1, at, diagnostics)) return null;
                if (spec.HasTable) { Report(DiagnosticDescriptors.GroupsWithTable, name); return null; }
                if (c % spec.Groups != 0 || maps % spec.Groups != 0) { Report(DiagnosticDescriptors.GroupsDoNotDivide, name, spec.Groups, c, maps); return null; }
            }
            if (spec.LearnConnections && (spec.HasTable || spec.Groups != 1)) { Report(DiagnosticDescriptors.LearnedConnectionsWithTable, name); return null; }
            // Connected pairs, counted before any table is built: the weights must fit, and a table's text must fit
            // the source budget (it is printed more than once), or building it alone could take minutes.
            long pairCount = spec.Groups != 1 ? (long)c / spec.Groups * maps : spec.HasTable ? ConnectionTable.Count(spec.Table) : (long)c * maps;
            if (!Checks.Fits(name, "the weights", pairCount * kk, at, diagnostics)) return null;
            if ((spec.Groups != 1 || spec.HasTable) && !SourceBudget.TableFits(name, pairCount, c, maps, at, diagnostics)) return null;

            var starts = EquatableArray<int>.Empty;
            var inputs = EquatableArray<int>.Empty;
            if (spec.Groups != 1) ConnectionTable.Groups(spec.Groups, c, maps, out starts, out inputs);
            else if (spec.HasTable && !ConnectionTable.Parse(spec.Table, name, c, maps, at, diagnostics, out starts, out inputs)) return null;
            int pairs = (int)pairCount;
            long outUnits = (long)oh * ow;
            int biases = spec.NoBias ? 0 : maps;
            // PyTorch's layouts: [out][in/groups][kH][kW]; under a table, [connected pairs][kH][kW].
            var weight = spec.Groups > 1 ? Slot.Tensor(Slot.Weight, maps, c / spec.Groups, kh, kw)
                : spec.HasTable ? Slot.Tensor(Slot.Weight, pairs, kh, kw) : Slot.Tensor(Slot.Weight, maps, c, kh, kw);
            var parameters = new List<Slot> { weight };
            if (biases > 0) parameters.Add(Slot.Tensor(Slot.Bias, maps));
            if (spec.LearnConnections) parameters.Add(Slot.Tensor(Connections, maps, c));
            return new LayerModel
            {
                Name = name, Kind = Kind, Activation = (ActivationKind)spec.Activation,
                InC = c, InH = h, InW = w, OutC = maps, OutH = oh, OutW = ow,
                Payload = window with
                {
                    Groups = spec.Groups, TableStarts = starts, TableInputs = inputs, LearnsConnections = spec.LearnConnections,
                },
                Parameters = parameters.ToEquatableArray(),
                Connections = outUnits * ((long)pairs * kk + biases), MultiplyAdds = outUnits * pairs * kk,
            };
        }

        /// <summary>
        /// The kernel strategy: dense when the kernel covers the input, pointwise for 1x1 stride-1 unpadded plain
        /// convolutions, wide rows at stride 1 and 2, else direct.
        /// Pointwise replaces wide rows for every such layer: no shape measured here favoured wide rows. Per-layer medians
        /// (benchmarks/NetGen.PointwiseProfile, Xeon Sapphire Rapids 2 cores, Vector512, one sample, shared machine):
        /// NIN's 96-map 28x28 cccp1 forward 197 -> 122 us, backward 723 -> 313 us; 14x14 cccp3 53 -> 33 / 218 -> 103;
        /// 7x7 cccp5 17 -> 9 / 83 -> 25; ResNet-50's 1x1 stride-1 layers together forward 49.6 -> 38.5 ms, backward
        /// 172 -> 112 ms (56x56 64-to-256 2.1 -> 1.05 ms forward). Wide rows pay a compaction pass, rounding to whole
        /// vectors (49 positions computed as 64) and a weight gradient of 2 FMAs per 3 loads; the products 12 per 7.
        /// Winograd F(2x2, 3x3) for 3x3 stride-1 plain convolutions of 16 to 128 input and output maps (InC x OutC at most
        /// 128 x 128: the transformed weights, 64 bytes per map pair, stay within 1 MB of the second-level cache) on maps of
        /// 14x14 to 28x28 positions, or larger maps with InC x OutC at least 64 x 64. Forward medians, wide rows -> Winograd
        /// (us; Xeon Sapphire Rapids, 2 cores shared with other jobs, AVX-512, one sample, benchmarks/NetGen.WinogradProfile,
        /// two alternating runs of each build): inside ResNet-18 and ResNet-50, 64 maps 56x56 1870 -> 1790 (ResNet-18),
        /// 1900 -> 1910 (ResNet-50); 128 maps 28x28 1760 -> 1620, 1800 -> 1620; 256 maps 14x14 1780 -> 2470 (4 MB of
        /// transformed weights per call, and 49 tiles computed as 64 lanes); 512 maps 7x7 2200 -> 2140. Single 3x3 pad-1 ReLU
        /// layers of C maps (a busier machine): 28x28: C=16 51 -> 45, 32 118 -> 121, 64 400 -> 363; 14x14: 16 24 -> 21,
        /// 32 57 -> 46, 64 128 -> 128, 128 456 -> 404; 56x56: 16 127 -> 170, 32 443 -> 578; 7x7: 128 154 -> 204,
        /// 256 549 -> 1037. The products run near the FMA peak (64 maps of 28x28: 232 us for 0.85 M vector FMAs); the
        /// transforms and the padded copy take the rest (~40% there): F(4x4, 3x3), blocks of tile rows and a weight cache
        /// are what would make Winograd win by more.
        /// </summary>
        public override LayerModel Plan(LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            bool plain = !conv.HasTable && !conv.LearnsConnections;
            var strategy = !conv.Regular ? ConvStrategy.Direct   // rectangular, asymmetric or dilated windows
                : l.OutH == 1 && l.OutW == 1 && conv.Pad == 0 && plain && conv.Kernel == l.InH && conv.Kernel == l.InW ? ConvStrategy.Dense
                : conv.Stride == 1 && conv.Kernel == 1 && conv.Pad == 0 && plain && conv.Groups == 1 ? ConvStrategy.Pointwise
                : conv.Groups > 1 && conv.Groups == l.InC && l.InC == l.OutC && (conv.Stride == 1 || conv.Stride == 2) ? ConvStrategy.Depthwise
                : conv.Stride == 1 && conv.Kernel == 3 && plain && conv.Groups == 1 && WinogradRule.Pays(l) ? ConvStrategy.Winograd
                : conv.Stride == 1 ? ConvStrategy.Wide
                : conv.Stride != 2 ? ConvStrategy.Direct
                : conv.Kernel == 1 && conv.Pad == 0 && plain ? ConvStrategy.Gather
                : plain ? ConvStrategy.ParityPlanes
                : ConvStrategy.Wide;
            return l with { Payload = conv with { Strategy = strategy, Im2colGradient = Im2colRule.Pays(l, conv, strategy) } };
        }

        public override IEnumerable<Slot> Scratch(LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            if (conv.Strategy == ConvStrategy.Depthwise)   // one map's padded planes and their gradients, not the whole input's
            {
                foreach (var slot in DepthwiseEmitter.Scratch(l)) yield return slot;
                yield break;
            }
            if (conv.Padded)
            {
                long padded = (long)l.InC * l.PaddedH * l.PaddedW;   // the zero-padded input, then its gradient
                yield return new Slot(ScratchRoles.Source, padded);
                yield return new Slot(ScratchRoles.SourceGradient, padded);
            }
            if (conv.Strategy == ConvStrategy.Gather)
            {
                long gathered = (long)l.InC * l.OutH * l.OutW;   // the even rows and columns, then their gradient
                yield return new Slot(ScratchRoles.Source, gathered);
                yield return new Slot(ScratchRoles.SourceGradient, gathered);
            }
            if (conv.LearnsConnections)   // alpha [OutC][InC], the effective weights, their gradient
                yield return new Slot(Effective, (long)l.OutC * l.InC + 2L * l.WeightCount);
            if (conv.Strategy == ConvStrategy.ParityPlanes)   // [2][2][InC][PhaseH][PhaseW] parity planes of the padded input
                yield return new Slot(ScratchRoles.Phases, 4L * l.InC * l.PhaseH * l.PhaseW);
            if (conv.Strategy == ConvStrategy.Winograd)
            {
                foreach (var slot in WinogradEmitter.Scratch(l)) yield return slot;
                yield return new Slot(ScratchRoles.WideDelta, (long)l.OutC * l.WideDeltaLength);  // the wide-row backward's
            }
            if (conv.Im2colGradient)   // one panel of the kernel gradient's im2col columns
                yield return new Slot(Im2colRule.Columns, Im2colRule.ScratchLength(l));
            if (l.RunsWide)
            {
                yield return new Slot(ScratchRoles.Wide, (long)l.OutC * l.WidePositions);            // [OutC][WidePositions] wide outputs
                yield return new Slot(ScratchRoles.WideDelta, (long)l.OutC * l.WideDeltaLength);     // [OutC][WideDeltaLength] zero-bordered wide deltas
            }
        }

        public override string Label(LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            return (conv.Regular ? $"conv {conv.Kernel}x{conv.Kernel}" + (conv.Stride > 1 ? $" /{conv.Stride}" : "") + (conv.Pad > 0 ? $" pad {conv.Pad}" : "") : ConvGeometry.Label(conv))
                + (conv.Groups > 1 ? $" groups {conv.Groups}" : conv.HasTable ? " table" : "");
        }

        public override void Architecture(StringBuilder text, LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            text.Append(' ').Append(l.OutC);
            if (conv.Regular) text.Append(" k").Append(conv.Kernel).Append(" s").Append(conv.Stride).Append(" p").Append(conv.Pad);
            else ConvGeometry.Architecture(text, conv);
            if (l.BiasCount == 0) text.Append(" nobias");
            if (conv.LearnsConnections) text.Append(" learned");
            if (conv.Groups > 1) text.Append(" groups ").Append(conv.Groups);
            else if (conv.HasTable)
                text.Append(" table ").Append(string.Join("/", ConnectionTable.Rows(conv, l.OutC).Select(row => string.Join(",", row))));
        }

        public override LayerFacts Facts(LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            // A general window also describes itself whole (LayerDescription.Window); a regular one keeps the three numbers.
            return new LayerFacts
            {
                Kernel = conv.Kernel, Stride = conv.Stride, Pad = conv.Pad, Groups = conv.Groups,
                Window = conv.Regular ? EquatableArray<int>.Empty : ConvGeometry.Window(conv),
            };
        }

        public override long SourceChars(LayerModel l) => l.Payload is ConvLayer { Strategy: ConvStrategy.Depthwise } ? DepthwiseEmitter.SourceChars(l)
            : l.RunsWide || l.RunsPointwise || l.Payload is ConvLayer { Strategy: ConvStrategy.Winograd } ? 64_000 : 14_000;

        public override void EmitMembers(SourceWriter w, LayerModel l)
        {
            if (l.Payload is not ConvLayer { Strategy: ConvStrategy.Depthwise }) ConvEmitter.EmitTable(w, l);  // depthwise: map c reads map c
        }

        public override void EmitInitialization(SourceWriter w, LayerModel l)
        {
            var conv = l.As<ConvLayer>();
            int kk = conv.KernelH * conv.KernelW;
            // Learned connections start as an even mix (alpha = 1/inputs), which shrinks the sum by the input count:
            // start the weights that much larger.
            int fanIn = conv.LearnsConnections ? Math.Max(1, kk / l.InC) : l.ConnectedPairs * kk / l.OutC;
            int fanOut = l.ConnectedPairs * kk / l.InC;
            w.Line($"Initialization.Weights(_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount}), fanIn: {fanIn}, fanOut: {fanOut}, Activation.{l.Activation}, random);  // {l.Name}");
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network)
        {
            var conv = l.As<ConvLayer>();
            if (conv.LearnsConnections) ConnectionsEmitter.EmitMix(w, l);
            switch (conv.Strategy)
            {
                case ConvStrategy.Dense: DenseEmitter.EmitForward(w, l); break;
                case ConvStrategy.Direct: ConvEmitter.EmitForward(w, l); break;
                case ConvStrategy.Pointwise: PointwiseConvEmitter.EmitForward(w, l, conv.FusedNorm >= 0 ? network.Layers[conv.FusedNorm] : null); break;
                case ConvStrategy.Winograd: WinogradEmitter.EmitForward(w, l, conv.FusedNorm >= 0 ? network.Layers[conv.FusedNorm] : null); break;
                case ConvStrategy.Depthwise: DepthwiseEmitter.EmitForward(w, l, conv.FusedNorm >= 0 ? network.Layers[conv.FusedNorm] : null); break;
                default: WideConvEmitter.EmitForward(w, l, conv.FusedNorm >= 0 ? network.Layers[conv.FusedNorm] : null); break;
            }
        }

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network)
        {
            var conv = l.As<ConvLayer>();
            if (conv.LearnsConnections) ConnectionsEmitter.EmitSplit(w, l);
            switch (conv.Strategy)
            {
                case ConvStrategy.Dense: DenseEmitter.EmitBackward(w, l); break;
                case ConvStrategy.Direct: ConvEmitter.EmitBackward(w, l); break;
                case ConvStrategy.Pointwise: PointwiseConvEmitter.EmitBackward(w, l); break;
                case ConvStrategy.Winograd: WinogradEmitter.EmitBackward(w, l); break;
                case ConvStrategy.Depthwise: DepthwiseEmitter.EmitBackward(w, l); break;
                default: WideConvEmitter.EmitBackward(w, l); break;
            }
        }
    }
}
