using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Layers;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// Builds the layer list of a network: each layer is shape-checked, planned and sized by its room
    /// (<see cref="LayerRooms"/>), placed in the memory plan and appended. Chains take the previous output; blocks (<see cref="BlockExpander"/>) wire inputs, outputs and
    /// gradient slots explicitly.
    /// </summary>
    internal sealed class GraphBuilder(int inputLength, List<DiagnosticInfo> diagnostics)
    {
        private readonly List<LayerModel> _layers = new();
        private readonly HashSet<string> _names = new();
        private readonly GeneratedMembers _members = new();
        public GeneratedMembers Members => _members;
        public MemoryPlan Plan { get; } = new(inputLength);
        public List<DiagnosticInfo> Diagnostics { get; } = diagnostics;
        public IReadOnlyList<LayerModel> Layers => _layers;
        public int Count => _layers.Count;
        /// <summary>The estimated generated source so far (<see cref="SourceBudget"/>).</summary>
        public long EstimatedChars { get; private set; } = SourceBudget.FileChars;

        /// <summary>Whether <paramref name="more"/> layers still fit <see cref="Limits.MaxLayers"/>; reports it otherwise.</summary>
        public bool RoomFor(long more, string owner, LocationInfo? at)
        {
            if (Count + more <= Limits.MaxLayers) return true;
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyLayers, at, owner, Count + more, Limits.MaxLayers));
            return false;
        }

        /// <summary>
        /// Adds one layer reading <paramref name="input"/>. Returns its output, or null after reporting a diagnostic.
        /// <paramref name="outOffset"/> places the output in an existing region (a concatenation's slice);
        /// <paramref name="inGradientOffset"/> sends dE/dinput to a private slot when another consumer owns the input's.
        /// </summary>
        public Value? Add(LayerSpec spec, string name, Value input, int outOffset = -1, int inGradientOffset = -1, int outChannelOffset = 0, string? sliceOf = null)
        {
            if (ActivationRoom.SplitsOff(spec.Activation))
            {
                // A fused activation whose derivative does not follow from its output: the layer keeps its sum, and a
                // standalone activation layer reads it (Layers/ActivationRoom.cs).
                var sum = Add(spec with { Activation = 0 }, name, input, -1, inGradientOffset);
                return sum is null ? null : Add(ActivationRoom.Split(spec), ActivationRoom.SplitName(name, spec.Activation), sum.Value, outOffset, -1, outChannelOffset, sliceOf);
            }
            if (!Claim(name, spec.Location)) return null;
            if (!ActivationRoom.CheckFused(name, spec.Activation, spec.Location, Diagnostics)) return null;
            var room = LayerRooms.Of(spec.Kind);
            int before = Diagnostics.Count;
            var layer = room.Analyze(spec, name, input, Diagnostics);
            if (layer is null || Diagnostics.Count > before) return null;
            if (!Checks.CheckExtent(name, "the output height", layer.OutH, 1, spec.Location, Diagnostics)
                || !Checks.CheckExtent(name, "the output width", layer.OutW, 1, spec.Location, Diagnostics))
                return null;
            var edge = new Edge(input.Producer, input.Offset, inGradientOffset >= 0 ? inGradientOffset : input.Offset);
            layer = room.Plan(layer with { Inputs = new[] { edge }.ToEquatableArray(), OutChannelOffset = outChannelOffset, SliceOf = sliceOf });
            return Append(Plan.Place(layer, room.Scratch(layer), outOffset), spec.Location);
        }

        /// <summary>Claims a layer name and a layer of <see cref="Limits.MaxLayers"/>; reports why not otherwise.</summary>
        private bool Claim(string name, LocationInfo? at)
        {
            if (!_names.Add(name))
            {
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, at, name));
                return false;
            }
            return RoomFor(1, name, at);
        }

        /// <summary>Checks the plan, the member names and the source budget with <paramref name="layer"/>, then adds it.</summary>
        private Value? Append(LayerModel layer, LocationInfo? at)
        {
            if (!Plan.Fits(layer.Name, at, Diagnostics) || !_members.Add(layer, at, Diagnostics)) return null;
            EstimatedChars += SourceBudget.Estimate(layer);
            if (!SourceBudget.Within(layer.Name, EstimatedChars, at, Diagnostics)) return null;
            _layers.Add(layer);
            return new Value(layer.OutOffset, layer.OutC, layer.OutH, layer.OutW, layer.Name);
        }

        /// <summary>
        /// A residual join: f(main + shortcut). dE/dshortcut goes to <paramref name="shortcutGradientOffset"/>
        /// (a private slot when the shortcut is the block's input, which the first layer of the block also reads).
        /// </summary>
        public Value? Join(string name, Value main, Value shortcut, ActivationKind activation, int shortcutGradientOffset, LocationInfo? at)
        {
            if (!Claim(name, at)) return null;
            var room = LayerRooms.Of(LayerKind.Add);
            var layer = room.Analyze(new AddSpec { Kind = LayerKind.Add, Activation = (int)activation, Location = at }, name, main, Diagnostics)!;
            var inputs = new[] { new Edge(main.Producer, main.Offset, main.Offset), new Edge(shortcut.Producer, shortcut.Offset, shortcutGradientOffset) };
            layer = room.Plan(layer with { Inputs = inputs.ToEquatableArray() });
            return Append(Plan.Place(layer, room.Scratch(layer)), at);
        }

        /// <summary>A gradient slot of <paramref name="length"/> floats for a second consumer of a value.</summary>
        public int PrivateGradient(int length) => Plan.Activation(length);

        /// <summary>After layer <paramref name="index"/>'s backward, add these private slots into its input gradient.</summary>
        public void MergeAfter(int index, IEnumerable<int> slots) =>
            _layers[index] = _layers[index] with { GradientMerges = _layers[index].GradientMerges.Concat(slots).ToEquatableArray() };

        /// <summary>
        /// An Add of two values whose gradient destinations the caller chooses (the ONNX importer's joins, where either
        /// operand may have other readers), its output optionally a concatenation's slice. A fused activation that splits
        /// off follows as its own layer, as in <see cref="Add"/>. Both values have the same shape (the caller checked).
        /// </summary>
        public Value? JoinWired(LayerSpec spec, string name, Value main, int mainGradientOffset, Value other, int otherGradientOffset,
            int outOffset = -1, int outChannelOffset = 0, string? sliceOf = null)
        {
            if (ActivationRoom.SplitsOff(spec.Activation))
            {
                var sum = JoinWired(spec with { Activation = 0 }, name, main, mainGradientOffset, other, otherGradientOffset);
                return sum is null ? null : Add(ActivationRoom.Split(spec), ActivationRoom.SplitName(name, spec.Activation), sum.Value, outOffset, -1, outChannelOffset, sliceOf);
            }
            if (!Claim(name, spec.Location)) return null;
            if (!ActivationRoom.CheckFused(name, spec.Activation, spec.Location, Diagnostics)) return null;
            var room = LayerRooms.Of(LayerKind.Add);
            var layer = room.Analyze(spec, name, main, Diagnostics)!;
            var inputs = new[] { new Edge(main.Producer, main.Offset, mainGradientOffset), new Edge(other.Producer, other.Offset, otherGradientOffset) };
            layer = room.Plan(layer with { Inputs = inputs.ToEquatableArray(), OutChannelOffset = outChannelOffset, SliceOf = sliceOf });
            return Append(Plan.Place(layer, room.Scratch(layer), outOffset), spec.Location);
        }
    }
}
