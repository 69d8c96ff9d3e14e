using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// Builds the layer list of a network: each layer is shape-checked (<see cref="LayerRules"/>), placed in the memory
    /// plan and appended. Chains take the previous output; blocks (<see cref="BlockExpander"/>) wire inputs, outputs and
    /// gradient slots explicitly.
    /// </summary>
    internal sealed class GraphBuilder(int inputLength, List<DiagnosticInfo> diagnostics)
    {
        private readonly List<LayerModel> _layers = new();
        private readonly HashSet<string> _names = new();
        public MemoryPlan Plan { get; } = new(inputLength);
        public List<DiagnosticInfo> Diagnostics { get; } = diagnostics;
        public IReadOnlyList<LayerModel> Layers => _layers;
        public int Count => _layers.Count;

        /// <summary>
        /// Adds one layer reading <paramref name="input"/>. Returns its output, or null after reporting a diagnostic.
        /// <paramref name="outOffset"/> places the output in an existing region (a concatenation's slice);
        /// <paramref name="inGradientOffset"/> sends dE/dinput to a private slot when another consumer owns the input's.
        /// </summary>
        public Value? Add(LayerSpec spec, string name, Value input, int outOffset = -1, int inGradientOffset = -1, int outChannelOffset = 0)
        {
            if (!_names.Add(name))
            {
                Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, spec.Location, name));
                return null;
            }
            int before = Diagnostics.Count;
            var layer = LayerRules.Analyze(spec, name, input.C, input.H, input.W, Diagnostics);
            if (layer is null || Diagnostics.Count > before) return null;
            layer = Plan.Place(layer, input, outOffset) with { InGradientOffset = inGradientOffset, OutChannelOffset = outChannelOffset };
            if (!Plan.Fits(name, spec.Location, Diagnostics)) return null;
            _layers.Add(layer);
            return new Value(layer.OutOffset, layer.OutC, layer.OutH, layer.OutW, name);
        }

        /// <summary>
        /// A residual join: f(main + shortcut). dE/dshortcut goes to <paramref name="shortcutGradientOffset"/>
        /// (a private slot when the shortcut is the block's input, which the first layer of the block also reads).
        /// </summary>
        public Value Join(string name, Value main, Value shortcut, ActivationKind activation, int shortcutGradientOffset)
        {
            _names.Add(name);
            long n = main.Length;
            var empty = EquatableArray<int>.Empty;
            var layer = new LayerModel(LayerKind.Add, name, activation, main.C, main.H, main.W, main.C, main.H, main.W, 0, 1, 0, empty, empty,
                0, 0, 0, 0, true, Connections: 2 * n, MultiplyAdds: n, 0, 0, -1, -1);
            layer = Plan.Place(layer, main) with
            {
                In2Offset = shortcut.Offset, In2GradientOffset = shortcutGradientOffset, Input2Name = shortcut.Producer,
            };
            _layers.Add(layer);
            return new Value(layer.OutOffset, layer.OutC, layer.OutH, layer.OutW, name);
        }

        /// <summary>A gradient slot of <paramref name="length"/> floats for a second consumer of a value.</summary>
        public int PrivateGradient(int length) => Plan.Activation(length);

        /// <summary>After layer <paramref name="index"/>'s backward, add these private slots into its input gradient.</summary>
        public void MergeAfter(int index, IEnumerable<int> slots) =>
            _layers[index] = _layers[index] with { MergeFrom = _layers[index].MergeFrom.Concat(slots).ToEquatableArray() };
    }
}
