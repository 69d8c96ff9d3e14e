using System.Globalization;
using NetGen.Data;
using NetGen.Optimizers;

namespace NetGen.Checkpoints;

/// <summary>The optimizer's part of loading a checkpoint: its kind and position, and values no real run could hold.</summary>
static class OptimizerCheckpoint
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The epoch and step count the file records, after checking it holds <paramref name="optimizer"/>'s kind.</summary>
    public static (int Epoch, long Steps) Position(string path, Dictionary<string, string> metadata, IOptimizerState optimizer)
    {
        if (!metadata.TryGetValue(SafeTensors.OptimizerKey, out var kind))
            throw new CheckpointException(path, $"holds optimizer tensors but no '{SafeTensors.OptimizerKey}' metadata entry naming their optimizer.");
        if (kind != optimizer.Kind)
            throw new CheckpointException(path, $"holds the state of a '{Printable.Escape(kind)}' optimizer, not of this {optimizer.Kind} optimizer.");
        if (!metadata.TryGetValue(SafeTensors.OptimizerEpochKey, out var epochText) || !int.TryParse(epochText, NumberStyles.None, C, out int epoch))
            throw new CheckpointException(path, $"optimizer state without a valid '{SafeTensors.OptimizerEpochKey}' entry (a count of epochs).");
        if (!metadata.TryGetValue(SafeTensors.OptimizerStepsKey, out var stepsText) || !long.TryParse(stepsText, NumberStyles.None, C, out long steps))
            throw new CheckpointException(path, $"optimizer state without a valid '{SafeTensors.OptimizerStepsKey}' entry (a count of steps).");
        return (epoch, steps);
    }

    /// <summary>
    /// Refuses buffers holding a value the optimizer can never hold (<see cref="IOptimizerState.FindImpossible"/>, e.g.
    /// a negative second moment for Adam), naming the tensor and element. Runs on the values read, before anything is restored.
    /// </summary>
    public static void CheckValues(string path, INetwork network, IOptimizerState optimizer, IReadOnlyList<float[]> buffers)
    {
        for (int k = 0; k < buffers.Count; k++)
        {
            if (optimizer.FindImpossible(k, buffers[k]) is not var (position, rule))
                continue;
            var tensor = network.ParameterTensors.FirstOrDefault(t => position >= t.Offset && position < t.Offset + t.Length);
            string where = tensor is null
                ? $"element {position}"
                : $"tensor '{Printable.Escape($"{SafeTensors.OptimizerPrefix}{optimizer.BufferNames[k]}.{tensor.Name}")}' element {position - tensor.Offset}";
            throw new CheckpointException(path, $"{where} is {buffers[k][position].ToString("R", C)}, which this {optimizer.Kind} optimizer cannot hold: {Printable.Escape(rule)}.");
        }
    }
}
