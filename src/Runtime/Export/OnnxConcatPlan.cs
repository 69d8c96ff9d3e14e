namespace NetGen.Export;

/// <summary>
/// The concatenation an inception-style block writes: the branches of block <see cref="Name"/> (layers named
/// "Name.branch..." ) each write maps [OutChannelOffset, OutChannelOffset + OutChannels) of one shared output. A branch is
/// the layers whose names share "Name.segment"; its last layer writes the slice, unless another layer of the block reads
/// it (a fire module's squeeze, which both expand branches read). The slices, ordered by offset, must tile
/// [0, Channels) exactly with one spatial size, or the plan is refused.
/// </summary>
internal sealed record OnnxConcatPlan(string Name, LayerDescription[] Slices, int Channels, int Height, int Width)
{
    /// <summary>The plan for block <paramref name="name"/> holding <paramref name="channels"/> maps, or null with the reason.</summary>
    public static OnnxConcatPlan? TryCreate(string name, IReadOnlyList<LayerDescription> layers, int channels, out string reason)
    {
        string prefix = name + ".";
        var members = layers.Where(l => l.Name.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        var slices = members
            .GroupBy(l => Branch(prefix, l.Name), StringComparer.Ordinal)
            .Select(branch => branch.Last())
            .Where(last => !ReadWithin(last, members, layers))
            .OrderBy(l => l.OutChannelOffset)
            .ToArray();
        reason = "";
        if (slices.Length == 0)
        {
            reason = $"no layer is named {prefix}...";
            return null;
        }
        var stray = members.FirstOrDefault(l => l.OutChannelOffset > 0 && !slices.Contains(l));
        if (stray is not null)
        {
            reason = $"{stray.Name} writes maps from {stray.OutChannelOffset} but is not the last layer of its branch";
            return null;
        }
        int next = 0;
        foreach (var slice in slices)
        {
            if (slice.OutChannelOffset != next || (slice.OutHeight, slice.OutWidth) != (slices[0].OutHeight, slices[0].OutWidth))
            {
                reason = $"the branches' slices ({string.Join(", ", slices.Select(Describe))}) do not tile maps 0..{channels - 1} at one size";
                return null;
            }
            next += slice.OutChannels;
        }
        if (next != channels)
        {
            reason = $"the branches' slices ({string.Join(", ", slices.Select(Describe))}) hold {next} maps, not {channels}";
            return null;
        }
        return new OnnxConcatPlan(name, slices, channels, slices[0].OutHeight, slices[0].OutWidth);
    }

    /// <summary>Whether a member of the block reads <paramref name="layer"/>'s output: by name, or as the previous layer.</summary>
    private static bool ReadWithin(LayerDescription layer, LayerDescription[] members, IReadOnlyList<LayerDescription> layers)
    {
        if (members.Any(m => m.Input == layer.Name || m.Input2 == layer.Name)) return true;
        int next = IndexOf(layers, layer) + 1;
        return next < layers.Count && layers[next].Input is null && members.Contains(layers[next]);
    }

    private static int IndexOf(IReadOnlyList<LayerDescription> layers, LayerDescription layer)
    {
        for (int i = 0; i < layers.Count; i++)
            if (ReferenceEquals(layers[i], layer)) return i;
        return -1;
    }

    /// <summary>Whether <paramref name="layer"/> writes one of this block's slices.</summary>
    public bool Writes(LayerDescription layer) => Slices.Contains(layer);

    /// <summary>"Name.branch2" for "Name.branch2.conv" (the first name segment after the block's prefix).</summary>
    private static string Branch(string prefix, string layer)
    {
        int dot = layer.IndexOf('.', prefix.Length);
        return dot < 0 ? layer : layer[..dot];
    }

    private static string Describe(LayerDescription l) => $"{l.Name} [{l.OutChannelOffset}, {l.OutChannelOffset + l.OutChannels})";
}
