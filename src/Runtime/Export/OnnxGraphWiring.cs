namespace NetGen.Export;

/// <summary>
/// Which value each layer reads, from <see cref="LayerDescription.Input"/> and <see cref="LayerDescription.Input2"/>:
/// a named layer's output, an inception block's concatenation (a name that is no layer: a Concat of the block's
/// branch slices, see <see cref="OnnxConcatPlan"/>), the previous layer's output, or the network input. Every source's
/// shape must be the reading layer's recorded input shape.
/// </summary>
/// <remarks>
/// Input = null means the previous layer (the network input for the first layer); <see cref="LayerDescription.NetworkInput"/>
/// names the network input. Older generated code wrote null for a block input that is the network input, so a null
/// after a branch's last layer, or whose recorded shape only the network input has, still reads the network input.
/// </remarks>
internal sealed class OnnxGraphWiring
{
    private readonly OnnxGraphBuilder _graph;
    private readonly IReadOnlyList<LayerDescription> _layers;
    private readonly string _network;
    private readonly Dictionary<string, OnnxValue> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxConcatPlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxValue> _concats = new(StringComparer.Ordinal);
    private readonly OnnxConcatPlan? _outputPlan;
    private readonly (int C, int H, int W) _inputShape;

    public OnnxGraphWiring(OnnxGraphBuilder graph, string network, IReadOnlyList<LayerDescription> layers, int outputLength)
    {
        _graph = graph;
        _network = network;
        _layers = layers;
        _inputShape = (layers[0].InChannels, layers[0].InHeight, layers[0].InWidth);
        var names = layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var layer in layers)
            foreach (string? source in new[] { layer.Input, layer.Input2 })
                if (source is not null && source != LayerDescription.NetworkInput && !names.Contains(source) && !_plans.ContainsKey(source))
                    _plans[source] = OnnxConcatPlan.TryCreate(source, layers, layer.InChannels, out string reason)
                        ?? throw new InvalidOperationException($"{network}: layer {layer.Name} reads {source}, which is no layer and no block of branches: {reason}.");
        var last = layers[^1];
        if (last.OutChannelOffset > 0 || last.OutChannels * last.OutHeight * last.OutWidth != outputLength)
            _outputPlan = OutputConcat(last, outputLength)
                ?? throw new InvalidOperationException(last.OutChannelOffset > 0
                    ? $"{network}: the last layer {last.Name} writes only maps {last.OutChannelOffset}..{last.OutChannelOffset + last.OutChannels - 1} of a block's concatenation, and OutputLength {outputLength} is not a whole block's concatenation."
                    : $"{network}: layer {last.Name}'s output does not match OutputLength {outputLength}.");
    }

    /// <summary>The values layer <paramref name="index"/> reads: its input and, for Add, the second input.</summary>
    public (OnnxValue X, OnnxValue? X2) Sources(int index)
    {
        var layer = _layers[index];
        var (x, shape) = layer.Input is { } name ? Named(layer, name) : Implicit(index);
        Check(layer, shape, layer.Input ?? (x.Name == OnnxGraphBuilder.InputName ? "the network input" : _layers[index - 1].Name));
        if (layer.Type == LayerType.Concat)
        {
            // A concatenation's second input holds the output's remaining maps at the input's size; none: a copy.
            if (layer.Input2 is not { } more) return (x, null);
            var (rest, restShape) = Named(layer, more);
            if (restShape != (layer.OutChannels - layer.InChannels, layer.InHeight, layer.InWidth))
                throw new InvalidOperationException($"{_network}: layer {layer.Name} concatenates {more}'s output {restShape.Item1}@{restShape.Item2}x{restShape.Item3}, not the {layer.OutChannels - layer.InChannels}@{layer.InHeight}x{layer.InWidth} its output adds.");
            return (x, rest);
        }
        if (layer.Type is not (LayerType.Add or LayerType.Mul))
        {
            if (layer.Input2 is not null)
                throw new NotSupportedException($"{_network}: layer {layer.Name} ({layer.Type}) has a second input {layer.Input2}; only Add and Mul layers may.");
            return (x, null);
        }
        var (x2, shape2) = layer.Input2 is { } second ? Named(layer, second) : (NetworkInput, _inputShape);
        // A product's second input may also be one value per map, broadcast over the map (squeeze-and-excitation).
        if (layer.Type != LayerType.Mul || shape2 != (layer.InChannels, 1, 1)) Check(layer, shape2, layer.Input2 ?? "the network input");
        return (x, x2);
    }

    /// <summary>Records the value layer <paramref name="layer"/> produced.</summary>
    public void Produced(LayerDescription layer, OnnxValue value) => _outputs[layer.Name] = value;

    /// <summary>The network's output value and its per-sample dims ([D] for rank 2, else [C,H,W]).</summary>
    public (OnnxValue Value, int[] Dims) Output(int outputLength)
    {
        if (_outputPlan is { } plan) return (Concat(plan), [plan.Channels, plan.Height, plan.Width]);
        var last = _layers[^1];
        var value = _outputs[last.Name];
        return (value, value.Rank == 2 ? [outputLength] : [last.OutChannels, last.OutHeight, last.OutWidth]);
    }

    private static OnnxValue NetworkInput => new(OnnxGraphBuilder.InputName, 4);

    private (OnnxValue, (int, int, int)) Named(LayerDescription reader, string name)
    {
        if (name == LayerDescription.NetworkInput) return (NetworkInput, _inputShape);
        if (_plans.TryGetValue(name, out var plan)) return (Concat(plan), (plan.Channels, plan.Height, plan.Width));
        if (!_outputs.TryGetValue(name, out var value))
            throw new InvalidOperationException($"{_network}: layer {reader.Name} reads {name}, which comes later or is no layer.");
        var source = _layers.First(l => l.Name == name);
        return (value, (source.OutChannels, source.OutHeight, source.OutWidth));
    }

    private (OnnxValue, (int, int, int)) Implicit(int index)
    {
        if (index == 0) return (NetworkInput, _inputShape);
        var layer = _layers[index];
        var previous = _layers[index - 1];
        var previousShape = (previous.OutChannels, previous.OutHeight, previous.OutWidth);
        bool slice = previous.OutChannelOffset > 0 || _plans.Values.Append(_outputPlan).Any(p => p?.Writes(previous) == true);
        bool onlyInputFits = previousShape != (layer.InChannels, layer.InHeight, layer.InWidth)
            && _inputShape == (layer.InChannels, layer.InHeight, layer.InWidth);
        return slice || onlyInputFits ? (NetworkInput, _inputShape) : (_outputs[previous.Name], previousShape);
    }

    /// <summary>The block's Concat(axis 1) of its slices in map order, added once, named after the block.</summary>
    private OnnxValue Concat(OnnxConcatPlan plan)
    {
        if (_concats.TryGetValue(plan.Name, out var done)) return done;
        var inputs = plan.Slices.Select(s => _outputs.TryGetValue(s.Name, out var v) && v.Rank == 4 ? v.Name
            : throw new InvalidOperationException($"{_network}: block {plan.Name} is read before its slice {s.Name} is computed.")).ToArray();
        var value = new OnnxValue(_graph.Node("Concat", plan.Name, inputs, OnnxAttributeProto.Int("axis", 1)), 4);
        _concats[plan.Name] = value;
        return value;
    }

    /// <summary>A network that ends in a block: the block whose name is a dotted prefix of the last layer's and whose slices fill the output.</summary>
    private OnnxConcatPlan? OutputConcat(LayerDescription last, int outputLength)
    {
        int area = last.OutHeight * last.OutWidth;
        if (area == 0 || outputLength % area != 0) return null;
        for (int dot = last.Name.LastIndexOf('.'); dot > 0; dot = last.Name.LastIndexOf('.', dot - 1))
            if (OnnxConcatPlan.TryCreate(last.Name[..dot], _layers, outputLength / area, out _) is { } plan && plan.Writes(last))
                return plan;
        return null;
    }

    private void Check(LayerDescription layer, (int C, int H, int W) shape, string source)
    {
        if (shape != (layer.InChannels, layer.InHeight, layer.InWidth))
            throw new InvalidOperationException(
                $"{_network}: layer {layer.Name}'s input {layer.InChannels}@{layer.InHeight}x{layer.InWidth} does not match {source}'s output {shape.C}@{shape.H}x{shape.W}.");
    }
}
