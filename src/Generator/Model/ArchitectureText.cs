using System.Collections.Generic;
using System.Linq;
using System.Text;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Model
{
    internal static class ArchitectureText
    {
        /// <summary>A canonical one-line architecture: checkpoints record it and refuse a network that differs.</summary>
        internal static string Describe(NetworkSpec spec, List<LayerModel> layers)
        {
            var sb = new StringBuilder();
            sb.Append("input ").Append(spec.Channels).Append('x').Append(spec.Height).Append('x').Append(spec.Width);
            string? previous = null;
            foreach (var l in layers)
            {
                sb.Append(" | ").Append(l.Name).Append(' ').Append(l.Kind.ToString().ToLowerInvariant());
                if (l.InputName is not null && l.InputName != previous) sb.Append(" <- ").Append(l.InputName);
                previous = l.Name;
                switch (l.Kind)
                {
                    case LayerKind.Conv:
                        sb.Append(' ').Append(l.OutC).Append(" k").Append(l.Kernel).Append(" s").Append(l.Stride).Append(" p").Append(l.Pad);
                        if (l.BiasCount == 0) sb.Append(" nobias");
                        if (l.LearnsConnections) sb.Append(" learned");
                        if (l.Groups > 1) sb.Append(" groups ").Append(l.Groups);
                        else if (l.HasTable)
                            sb.Append(" table ").Append(string.Join("/", Enumerable.Range(0, l.OutC).Select(o =>
                                string.Join(",", Enumerable.Range(l.TableStarts[o], l.TableStarts[o + 1] - l.TableStarts[o]).Select(j => l.TableInputs[j])))));
                        break;
                    case LayerKind.Subsample: case LayerKind.MaxPool: case LayerKind.AvgPool:
                        sb.Append(" k").Append(l.Kernel).Append(" s").Append(l.Stride);
                        if (l.Pad > 0) sb.Append(" p").Append(l.Pad);
                        break;
                    case LayerKind.BatchNorm:
                        sb.Append(" eps ").Append(l.Epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case LayerKind.Upsample:
                        sb.Append(" x").Append(l.Kernel);
                        break;
                    case LayerKind.Add:
                        sb.Append(" + ").Append(l.Input2Name ?? "input");
                        break;
                    case LayerKind.Dense: case LayerKind.Rbf:
                        sb.Append(' ').Append(l.OutC);
                        break;
                    case LayerKind.LocalResponseNorm:
                        sb.Append(" n").Append(l.Kernel).Append(" alpha ").Append(l.Alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                          .Append(" beta ").Append(l.Beta.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                          .Append(" k ").Append(l.Bias.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case LayerKind.Dropout:
                        sb.Append(' ').Append(l.Rate.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
                if (l.Activation != ActivationKind.Identity) sb.Append(' ').Append(l.Activation);
            }
            return sb.ToString();
        }
    }
}
