using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>One layer of a network's summary, counted the way LeCun et al. (1998) count them.</summary>
/// <param name="Connections">Input-output links including the bias link: for a convolution, output units x (fan-in + 1).</param>
/// <param name="MultiplyAdds">Multiply-accumulates of one forward pass (biases and activations not counted).</param>
public sealed record LayerSummary(
    string Name, string Kind, int Channels, int Height, int Width,
    long Parameters, long Connections, long MultiplyAdds, bool Trainable = true)
{
    public string Shape => $"{Channels}@{Height}x{Width}";
}

/// <summary>The layer table of a network: what the generated header comment shows, as data.</summary>
public sealed class NetworkSummary(string network, int channels, int height, int width, IReadOnlyList<LayerSummary> layers)
{
    public string Network { get; } = network;
    public int InputChannels { get; } = channels;
    public int InputHeight { get; } = height;
    public int InputWidth { get; } = width;
    public IReadOnlyList<LayerSummary> Layers { get; } = layers;

    public long TotalParameters => Layers.Sum(l => l.Parameters);
    public long TrainableParameters => Layers.Where(l => l.Trainable).Sum(l => l.Parameters);
    public long TotalConnections => Layers.Sum(l => l.Connections);
    public long TotalMultiplyAdds => Layers.Sum(l => l.MultiplyAdds);

    public LayerSummary this[string name] =>
        Layers.FirstOrDefault(l => l.Name == name) ?? throw new KeyNotFoundException($"{Network} has no layer named '{name}'.");

    /// <summary>A plain-text table, one row per layer, with totals.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<string[]> { new[] { "layer", "kind", "output", "params", "connections", "mult-adds" } };
        rows.Add(new[] { "input", "", $"{InputChannels}@{InputHeight}x{InputWidth}", "", "", "" });
        foreach (var l in Layers)
            rows.Add(new[] { l.Name, l.Kind, l.Shape, l.Parameters.ToString("N0", c) + (l.Trainable ? "" : " (fixed)"), l.Connections.ToString("N0", c), l.MultiplyAdds.ToString("N0", c) });
        rows.Add(new[] { "total", "", "", TotalParameters.ToString("N0", c), TotalConnections.ToString("N0", c), TotalMultiplyAdds.ToString("N0", c) });
        var widths = Enumerable.Range(0, 6).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        sb.Append(Network).Append(": ").Append(TrainableParameters.ToString("N0", c)).AppendLine(" trainable parameters");
        for (int r = 0; r < rows.Count; r++)
        {
            for (int i = 0; i < 6; i++)
            {
                string cell = rows[r][i];
                // Text columns left-aligned, numbers right-aligned.
                sb.Append(i < 3 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
                sb.Append(i < 5 ? "  " : "");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
