using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// Moves parameters between a TorchSharp module and NetGen's flat layout. A module whose fields are declared in
/// NetGen's layer order has its parameters in NetGen's tensor order, each with the same layout (weight [out, in, kh, kw]
/// then bias), so tensor i of one is tensor i of the other.
/// </summary>
public static class TorchFlat
{
    /// <summary>Copies <paramref name="flat"/> into the module tensor by tensor, checking that the counts line up.</summary>
    public static void Load(nn.Module module, ReadOnlySpan<float> flat, IReadOnlyList<int> tensorLengths)
    {
        var ordered = module.named_parameters().ToList();
        if (ordered.Count != tensorLengths.Count)
            throw new InvalidOperationException($"TorchSharp has {ordered.Count} parameter tensors, NetGen {tensorLengths.Count}.");
        using var noGrad = no_grad();
        int offset = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            var (name, p) = ordered[i];
            if (p.numel() != tensorLengths[i])
                throw new InvalidOperationException($"{name} holds {p.numel()} values, NetGen's tensor {i} {tensorLengths[i]}.");
            using var source = tensor(flat.Slice(offset, tensorLengths[i]).ToArray(), p.shape);
            p.copy_(source);
            offset += tensorLengths[i];
        }
        if (offset != flat.Length)
            throw new InvalidOperationException($"Copied {offset} of {flat.Length} NetGen parameters.");
    }

    /// <summary>All parameters, flat, in NetGen's layout.</summary>
    public static float[] ToFlat(nn.Module module)
    {
        var values = new List<float>();
        foreach (var (_, p) in module.named_parameters())
            values.AddRange(p.detach().contiguous().data<float>().ToArray());
        return values.ToArray();
    }
}
