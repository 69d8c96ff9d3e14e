using NetGen.Generator.Common;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing
{
    /// <summary>
    /// One layer attribute as written, before any validation: the common part. Each kind's room (Layers/*Room.cs)
    /// declares a record deriving from this with its own arguments, and reads it from the attribute.
    /// </summary>
    internal abstract record LayerSpec
    {
        public required LayerKind Kind { get; init; }
        public string? Name { get; init; }
        public LocationInfo? Location { get; init; }
        /// <summary>The Activation argument as written (0, Identity, for kinds without one); analysis checks its range.</summary>
        public int Activation { get; init; }
    }

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
