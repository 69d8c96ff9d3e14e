using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>Moves a NetGen network's tensors into a TorchSharp module BY NAME (the zoo's names are torchvision's), and back for checking.</summary>
public static class TorchWeights
{
    /// <summary>
    /// Copies <paramref name="net"/>'s parameters and batch-norm running statistics into <paramref name="model"/>,
    /// checking that every tensor on either side is matched with the same element count. Returns the tensors whose
    /// declared shapes differ although their element counts agree (NetGen's ParameterTensors gives batch norm weights
    /// the shape [maps, input length] with length maps: reported, not fatal).
    /// </summary>
    public static IReadOnlyList<string> LoadFrom(nn.Module model, INetwork net)
    {
        using var noGrad = no_grad();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var buffers = model.named_buffers().Where(b => !b.name.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(b => b.name, b => b.buffer);
        var shapeMismatches = new List<string>();
        Copy(net.ParameterTensors, net.Parameters, parameters, "parameter", shapeMismatches);
        Copy(net.StateTensors, net.State, buffers, "running statistic", shapeMismatches);
        return shapeMismatches;

        static void Copy(IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<float> flat, Dictionary<string, Tensor> targets, string what, List<string> shapeMismatches)
        {
            foreach (var t in tensors)
            {
                if (!targets.Remove(t.Name, out var target))
                    throw new InvalidOperationException($"NetGen's {what} {t.Name} has no TorchSharp counterpart.");
                if (target.numel() != t.Length)
                    throw new InvalidOperationException($"{t.Name}: TorchSharp holds {target.numel()} values [{string.Join(",", target.shape)}], NetGen {t.Length}.");
                if (!target.shape.SequenceEqual(t.Shape.Select(d => (long)d)))
                    shapeMismatches.Add($"{t.Name} (NetGen [{string.Join(",", t.Shape)}], {t.Length} values; TorchSharp [{string.Join(",", target.shape)}])");
                using var source = tensor(flat.Slice(t.Offset, t.Length).ToArray(), target.shape);
                target.copy_(source);
            }
            if (targets.Count > 0)
                throw new InvalidOperationException($"TorchSharp {what}s without a NetGen counterpart: {string.Join(", ", targets.Keys)}.");
        }
    }

    /// <summary>Largest difference between NetGen's tensors and the module's state_dict, by name (0 after <see cref="LoadFrom"/>).</summary>
    public static double ReadBackDifference(nn.Module model, INetwork net)
    {
        var state = model.state_dict();
        double max = 0;
        void Compare(IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<float> flat)
        {
            foreach (var t in tensors)
            {
                var values = state[t.Name].detach().contiguous().data<float>().ToArray();
                var mine = flat.Slice(t.Offset, t.Length);
                for (int i = 0; i < values.Length; i++)
                    max = Math.Max(max, Math.Abs(values[i] - mine[i]));
            }
        }
        Compare(net.ParameterTensors, net.Parameters);
        Compare(net.StateTensors, net.State);
        return max;
    }
}
