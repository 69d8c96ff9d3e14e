using NetGen.Generator.Common;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing
{
    /// <summary>One layer attribute as written, before any validation. <see cref="Size"/> is maps, units, classes or the pooling window.</summary>
    internal sealed record LayerSpec(
        LayerKind Kind,
        string? Name,
        int Size,
        int Kernel,
        int Activation,
        int Stride,
        int Padding,
        int Pad,
        EquatableArray<string> Table,
        bool HasTable,
        bool Trainable,
        LocationInfo? Location,
        int Groups = 1,
        double Alpha = 0, double Beta = 0, double Bias = 0,
        double Rate = 0,
        bool DropRemainder = false,
        int Repeat = 1, bool Bottleneck = false,
        EquatableArray<int> Columns = default,
        double Epsilon = 1e-5,
        bool NoBias = false,
        bool LearnConnections = false);

    /// <summary>The attributes of one network class, as written.</summary>
    internal sealed record NetworkSpec(
        string? Namespace,
        string ClassName,
        string Accessibility,
        int Channels,
        int Height,
        int Width,
        EquatableArray<LayerSpec> Layers,
        LocationInfo? Location,
        string? WeightsPath = null,
        LocationInfo? WeightsLocation = null,
        // The class's own members that generated ones could collide with (see ClassChecks.UserMembers).
        EquatableArray<string> UserMembers = default);
}
