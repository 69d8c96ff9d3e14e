using NetGen.Data;
using NetGen.Optimizers;
using Entry = NetGen.Checkpoints.SafeTensorsHeader.Entry;

namespace NetGen.Checkpoints;

/// <summary>
/// The F32 tensors a checkpoint of a network (and of its optimizer) holds, in file order, each with the span it comes
/// from: the network's parameters, its state, or an optimizer buffer (<c>optimizer.&lt;buffer&gt;.&lt;parameter&gt;</c>,
/// shaped like the parameter). Matches a file's header against them, reporting every difference at once.
/// </summary>
static class CheckpointLayout
{
    /// <summary>One tensor of the file: <see cref="Source"/> 0 is the parameters, 1 the state, 2 + k optimizer buffer k.</summary>
    internal sealed record Block(string Name, int[] Shape, int Source, int Offset, int Length);

    const string CounterSuffix = ".num_batches_tracked";

    public static List<Block> For(INetwork network, IOptimizerState? optimizer)
    {
        var blocks = new List<Block>();
        foreach (var t in network.ParameterTensors)
            blocks.Add(new Block(t.Name, t.Shape, 0, t.Offset, t.Length));
        foreach (var t in network.StateTensors)
            blocks.Add(new Block(t.Name, t.Shape, 1, t.Offset, t.Length));
        if (optimizer is null)
            return blocks;
        if (optimizer.BufferNames.Select((_, k) => optimizer.Buffer(k).Length).Any(length => length != network.ParameterCount))
            throw new ArgumentException($"The {optimizer.Kind} optimizer's buffers do not hold one float per parameter of this {network.ParameterCount}-parameter network.", nameof(optimizer));
        for (int k = 0; k < optimizer.BufferNames.Count; k++)
            foreach (var t in network.ParameterTensors)
                blocks.Add(new Block($"{SafeTensors.OptimizerPrefix}{optimizer.BufferNames[k]}.{t.Name}", t.Shape, 2 + k, t.Offset, t.Length));
        return blocks;
    }

    public static Span<float> Source(INetwork network, IOptimizerState? optimizer, int source) => source switch
    {
        0 => network.Parameters,
        1 => network.State,
        _ => optimizer!.Buffer(source - 2),
    };

    /// <summary>
    /// Every difference between the expected blocks and the file's entries, one line each: missing tensors, then
    /// wrong dtype, shape or extent, then unexpected tensors. Entries that are not expected but accepted and ignored:
    /// PyTorch's batch norm counters (<c>*.num_batches_tracked</c>, I64 scalars), and optimizer tensors when
    /// <paramref name="ignoreOptimizer"/> (a network-only load).
    /// </summary>
    public static List<string> Differences(IReadOnlyList<Block> expected, Dictionary<string, Entry> entries, long dataLength, bool ignoreOptimizer)
    {
        var problems = new List<string>();
        foreach (var b in expected.Where(b => !entries.ContainsKey(b.Name)))
            problems.Add($"missing tensor '{Printable.Escape(b.Name)}' [{string.Join(",", b.Shape)}]");
        foreach (var b in expected)
        {
            if (!entries.TryGetValue(b.Name, out var e))
                continue;
            string name = Printable.Escape(b.Name);
            if (e.DType != "F32")
                problems.Add($"tensor '{name}' has dtype {Printable.Escape(e.DType)}, expected F32");
            else if (!e.Shape.SequenceEqual(b.Shape.Select(d => (long)d)))
                problems.Add($"tensor '{name}' has shape [{string.Join(",", e.Shape)}], this network expects [{string.Join(",", b.Shape)}]");
            else
                Extent(problems, name, e, 4L * b.Length, dataLength);
        }
        var names = expected.Select(b => b.Name).ToHashSet();
        foreach (var (name, e) in entries.Where(kv => !names.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (ignoreOptimizer && name.StartsWith(SafeTensors.OptimizerPrefix, StringComparison.Ordinal))
                continue;
            string quoted = Printable.Escape(name);
            if (name.StartsWith(SafeTensors.OptimizerPrefix, StringComparison.Ordinal))
                problems.Add($"unexpected tensor '{quoted}' that this optimizer does not have");
            else if (!name.EndsWith(CounterSuffix, StringComparison.Ordinal))
                problems.Add($"unexpected tensor '{quoted}' that this network does not have");
            else if (e.DType != "I64" || e.Shape.Length != 0)
                problems.Add($"tensor '{quoted}' has dtype {Printable.Escape(e.DType)} and shape [{string.Join(",", e.Shape)}], expected a batch norm counter (I64, shape [])");
            else
                Extent(problems, quoted, e, 8, dataLength);
        }
        return problems;
    }

    static void Extent(List<string> problems, string name, Entry e, long bytes, long dataLength)
    {
        if (e.End < e.Begin || e.End - e.Begin != bytes)
            problems.Add($"tensor '{name}' has data_offsets [{e.Begin},{e.End}], which do not span its {bytes} bytes");
        else if (e.End > dataLength)
            problems.Add($"tensor '{name}' ends at byte {e.End} of the data, but the file holds only {dataLength} data bytes (truncated?)");
    }

    /// <summary>The tensors must tile the data exactly: no gaps, no overlaps, nothing after the last.</summary>
    public static void CheckTiling(string path, IEnumerable<Entry> entries, long dataLength)
    {
        long next = 0;
        foreach (var e in entries.OrderBy(e => e.Begin))
        {
            if (e.Begin != next || e.End < e.Begin)
                throw new CheckpointException(path, $"tensor data is not contiguous: expected a tensor at byte {next}, found one at [{e.Begin},{e.End}].");
            next = e.End;
        }
        if (next != dataLength)
            throw new CheckpointException(path, $"the tensors cover {next} data bytes but the file holds {dataLength}.");
    }
}
