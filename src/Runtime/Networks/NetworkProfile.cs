using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>Mean time of one layer's forward and backward method for one sample.</summary>
public sealed record LayerTiming(string Name, string Kind, long MultiplyAdds, double ForwardMicroseconds, double BackwardMicroseconds)
{
    /// <summary>Forward GFLOP/s (2 FLOPs per multiply-add).</summary>
    public double ForwardGflops => ForwardMicroseconds > 0 ? 2.0 * MultiplyAdds / (ForwardMicroseconds * 1e3) : 0;
}

/// <summary>A per-layer timing breakdown of one network on one thread: what a generated <c>Profile</c> returns.</summary>
public sealed class NetworkProfile(string network, Isa isa, int repetitions, IReadOnlyList<LayerTiming> layers)
{
    public string Network { get; } = network;
    public Isa Isa { get; } = isa;
    public int Repetitions { get; } = repetitions;
    public IReadOnlyList<LayerTiming> Layers { get; } = layers;
    public double ForwardMicroseconds => Layers.Sum(l => l.ForwardMicroseconds);
    public double BackwardMicroseconds => Layers.Sum(l => l.BackwardMicroseconds);

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"{Network} on {Isa}, mean of {Repetitions} samples (microseconds per sample)");
        int name = Math.Max(8, Layers.Max(l => l.Name.Length)), kind = Math.Max(16, Layers.Max(l => l.Kind.Length));
        sb.AppendLine(c, $"{"layer".PadRight(name)} {"kind".PadRight(kind)} {"forward",9} {"backward",9} {"fwd GFLOP/s",12}");
        foreach (var l in Layers)
            sb.AppendLine(c, $"{l.Name.PadRight(name)} {l.Kind.PadRight(kind)} {l.ForwardMicroseconds,9:F2} {l.BackwardMicroseconds,9:F2} {l.ForwardGflops,12:F1}");
        sb.AppendLine(c, $"{"total".PadRight(name)} {"".PadRight(kind)} {ForwardMicroseconds,9:F2} {BackwardMicroseconds,9:F2}");
        return sb.ToString();
    }
}
