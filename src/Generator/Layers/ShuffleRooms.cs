using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[ChannelShuffle(groups)] as written.</summary>
    internal sealed record ChannelShuffleSpec : LayerSpec
    {
        public int Groups { get; init; }
    }

    internal sealed record ChannelShuffleLayer(int Groups) : LayerPayload;

    /// <summary>A copy of maps [Start, Start + Count) of the input: only blocks make it (ShuffleNetV2's channel split).</summary>
    internal sealed record ChannelSliceSpec : LayerSpec
    {
        public int Start { get; init; }
        public int Count { get; init; }
    }

    internal sealed record ChannelSliceLayer(int Start) : LayerPayload;

    /// <summary>[ShuffleUnit(maps, Stride)] as written.</summary>
    internal sealed record ShuffleUnitSpec : LayerSpec
    {
        public int Maps { get; init; }
        public int Stride { get; init; } = 1;
    }

    /// <summary>
    /// PyTorch's channel_shuffle: output map k * G + j is input map j * (C / G) + k (Emit/ShuffleEmitter.cs). NG0048 when
    /// G does not divide the maps.
    /// </summary>
    internal sealed class ChannelShuffleRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.ChannelShuffle;
        public override string AttributeName => "NetGen.ChannelShuffleAttribute";
        public override string NamePrefix => "Shuffle";

        public override LayerSpec Parse(AttributeArguments a) => new ChannelShuffleSpec { Kind = Kind, Name = a.Name, Location = a.Location, Groups = a.Int(0, 0) };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (ChannelShuffleSpec)layerSpec;
            int g = spec.Groups;
            if (!Checks.CheckAtLeast(name, "groups", g, 1, spec.Location, diagnostics)) return null;
            if (input.C % g != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MapsNotDivisible, spec.Location, name, input.C, g, "the shuffle's groups"));
                return null;
            }
            return new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = input.H, OutW = input.W,
                Payload = new ChannelShuffleLayer(g), Connections = input.Length,
            };
        }

        public override string Label(LayerModel l) => $"channel shuffle g{l.As<ChannelShuffleLayer>().Groups}";

        public override void Architecture(StringBuilder text, LayerModel l) => text.Append(" groups ").Append(l.As<ChannelShuffleLayer>().Groups);

        public override LayerFacts Facts(LayerModel l) => new() { Groups = l.As<ChannelShuffleLayer>().Groups };

        public override long SourceChars(LayerModel layer) => 3_000;

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => ShuffleEmitter.EmitShuffle(w, l, backward: false);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => ShuffleEmitter.EmitShuffle(w, l, backward: true);
    }

    /// <summary>
    /// y = x[:, Start:Start + Count] (PyTorch's narrow, ONNX's Slice on axis 1): a copy, so that the maps can join a
    /// concatenation or be read by a layer as a whole value. Backward writes the whole input gradient: the deltas in the
    /// range, zeros elsewhere (another reader's share of the rest arrives through a private slot and a merge).
    /// </summary>
    internal sealed class ChannelSliceRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.ChannelSlice;
        public override string? AttributeName => null;
        public override string NamePrefix => "Slice";

        public override LayerSpec Parse(AttributeArguments a) => new ChannelSliceSpec { Kind = Kind, Name = a.Name, Location = a.Location };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (ChannelSliceSpec)layerSpec;
            if (spec.Start < 0 || spec.Count < 1 || (long)spec.Start + spec.Count > input.C)
            {
                // Blocks make slices inside their input; this guards the emitter against one that does not.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Location, name,
                    $"maps {spec.Start}..{(long)spec.Start + spec.Count - 1} are not inside {KernelText.Shape(input.C, input.H, input.W)}"));
                return null;
            }
            return new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = spec.Count, OutH = input.H, OutW = input.W,
                Payload = new ChannelSliceLayer(spec.Start), Connections = (long)spec.Count * input.H * input.W,
            };
        }

        public override string Label(LayerModel l) => $"maps {l.As<ChannelSliceLayer>().Start}..{l.As<ChannelSliceLayer>().Start + l.OutC - 1}";

        public override void Architecture(StringBuilder text, LayerModel l) => text.Append(" from ").Append(l.As<ChannelSliceLayer>().Start);

        public override LayerFacts Facts(LayerModel l) => new() { Kernel = l.As<ChannelSliceLayer>().Start };

        public override long SourceChars(LayerModel layer) => 3_000;

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => ShuffleEmitter.EmitSlice(w, l, backward: false);

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => ShuffleEmitter.EmitSlice(w, l, backward: true);
    }

    /// <summary>A ShuffleNetV2 unit: split or two branches, concatenated, shuffled (<see cref="ShuffleBlocks.Unit"/>).</summary>
    internal sealed class ShuffleUnitRoom : AttributeRoom
    {
        public override LayerKind Kind => LayerKind.ShuffleUnit;
        public override string AttributeName => "NetGen.ShuffleUnitAttribute";
        public override string NamePrefix => "SU";

        public override LayerSpec Parse(AttributeArguments a) => new ShuffleUnitSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Maps = a.Int(0, 0), Stride = a.Int("Stride", 1),
        };

        public override Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) =>
            ShuffleBlocks.Unit(graph, (ShuffleUnitSpec)spec, name, input);
    }
}
