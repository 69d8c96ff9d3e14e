namespace NetGen;

/// <summary>
/// The edges of a generated network, resolved once from its <see cref="INetwork.Layers"/>: which value each layer reads
/// and which layers read a value. <see cref="LayerDescription.Input"/> = null means the previous layer (the network
/// input for the first layer); <see cref="LayerDescription.NetworkInput"/> names the network input; any other name is
/// a layer or an inception block's concatenation. The one answer to "who reads this output?" for the tools that rewrite
/// or translate a network (<see cref="BatchNormFolding"/>, the ONNX exporter).
/// </summary>
public sealed class LayerGraph
{
    private readonly IReadOnlyList<LayerDescription> _layers;
    private readonly string[] _sources;
    private readonly string?[] _sources2;
    private readonly Dictionary<string, List<int>> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public LayerGraph(IReadOnlyList<LayerDescription> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers;
        _sources = new string[layers.Count];
        _sources2 = new string?[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            _sources[i] = layers[i].Input ?? (i > 0 ? layers[i - 1].Name : LayerDescription.NetworkInput);
            _sources2[i] = layers[i].Input2;
            _byName.TryAdd(layers[i].Name, i);   // the first of a name, as a search in order would find
            AddReader(_sources[i], i);
            if (_sources2[i] is { } second && second != _sources[i]) AddReader(second, i);
        }
    }

    /// <summary>The layers, in the order the network runs them.</summary>
    public IReadOnlyList<LayerDescription> Layers => _layers;

    /// <summary>The value layer <paramref name="index"/> reads first: a layer's or block's name, or <see cref="LayerDescription.NetworkInput"/>.</summary>
    public string Source(int index) => _sources[index];

    /// <summary>The second value layer <paramref name="index"/> reads (Add, Mul, Concat), or null.</summary>
    public string? Source2(int index) => _sources2[index];

    /// <summary>The indices of the layers that read the value named <paramref name="name"/>, in order (a layer reading it twice counts once).</summary>
    public IReadOnlyList<int> Readers(string name) => _readers.TryGetValue(name, out var list) ? list : [];

    /// <summary>The layer named <paramref name="name"/>, or null (the network input, a block's concatenation, no such layer).</summary>
    public LayerDescription? Layer(string name) => _byName.TryGetValue(name, out int index) ? _layers[index] : null;

    private void AddReader(string name, int reader)
    {
        if (!_readers.TryGetValue(name, out var list)) _readers[name] = list = [];
        list.Add(reader);
    }
}
