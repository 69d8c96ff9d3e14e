using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Layers;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    internal static class ArchitectureText
    {
        /// <summary>A canonical one-line architecture: checkpoints record it and refuse a network that differs.</summary>
        internal static string Describe(NetworkSpec spec, IReadOnlyList<LayerModel> layers)
        {
            var sb = new StringBuilder();
            sb.Append("input ").Append(spec.Channels).Append('x').Append(spec.Height).Append('x').Append(spec.Width);
            string? previous = null;
            foreach (var l in layers)
            {
                sb.Append(" | ").Append(l.Name).Append(' ').Append(l.Kind.ToString().ToLowerInvariant());
                if (l.InputName is not null && l.InputName != previous) sb.Append(" <- ").Append(l.InputName);
                previous = l.Name;
                LayerRooms.Of(l).Architecture(sb, l);
                if (l.Activation != ActivationKind.Identity) sb.Append(' ').Append(l.Activation);
            }
            return sb.ToString();
        }
    }
}
