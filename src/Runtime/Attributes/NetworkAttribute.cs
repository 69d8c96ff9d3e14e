namespace NetGen;

/// <summary>
/// Marks a <c>partial class</c> as a network and gives its input shape (channels, height, width).
/// The layers are the layer attributes on the same declaration, in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute(int channels, int height, int width) : Attribute
{
    public int Channels { get; } = channels;
    public int Height { get; } = height;
    public int Width { get; } = width;
}

/// <summary>Common to every layer attribute: an optional name that overrides the default (C1, S2, F6...).</summary>
public abstract class LayerAttribute : Attribute
{
    /// <summary>The layer's name in the summary, the generated method names and checkpoints.</summary>
    public string? Name { get; set; }
}
