using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;

namespace NetGen.Generator.Parsing
{
    /// <summary>
    /// A layer attribute's arguments as plain values, for a room's attribute mapping: constructor arguments by position,
    /// named ones by name, each with the default the attribute declares when absent or of another type.
    /// </summary>
    internal sealed class AttributeArguments
    {
        private readonly AttributeData _attribute;
        private readonly Dictionary<string, TypedConstant> _named = new();

        public AttributeArguments(AttributeData attribute, LocationInfo? location)
        {
            _attribute = attribute;
            Location = location;
            foreach (var pair in attribute.NamedArguments) _named[pair.Key] = pair.Value;
        }

        public LocationInfo? Location { get; }

        /// <summary>Name = "..." (null: the kind's default name).</summary>
        public string? Name => _named.TryGetValue("Name", out var v) ? v.Value as string : null;

        public int Int(int index, int fallback) =>
            index < _attribute.ConstructorArguments.Length && _attribute.ConstructorArguments[index].Value is int v ? v : fallback;

        public double Real(int index, double fallback) =>
            index < _attribute.ConstructorArguments.Length && _attribute.ConstructorArguments[index].Value is double v ? v : fallback;

        public int Int(string name, int fallback) => _named.TryGetValue(name, out var v) && v.Value is int i ? i : fallback;

        public double Real(string name, double fallback) => _named.TryGetValue(name, out var v) && v.Value is double d ? d : fallback;

        public float Single(int index, float fallback) =>
            index < _attribute.ConstructorArguments.Length && _attribute.ConstructorArguments[index].Value is float v ? v : fallback;

        public float Single(string name, float fallback) => _named.TryGetValue(name, out var v) && v.Value is float f ? f : fallback;

        /// <summary>True only when given as true; false when absent.</summary>
        public bool Flag(string name) => _named.TryGetValue(name, out var v) && v.Value is true;

        /// <summary>Whether the argument is given as false (for arguments that default to true).</summary>
        public bool Cleared(string name) => _named.TryGetValue(name, out var v) && v.Value is false;

        /// <summary>A string array argument, or null when absent or null.</summary>
        public EquatableArray<string>? Strings(string name) =>
            _named.TryGetValue(name, out var v) && !v.IsNull ? v.Values.Select(x => x.Value as string ?? "").ToEquatableArray() : null;
    }
}
