namespace NetGen.Checkpoints;

/// <summary>
/// What <see cref="SafeTensors.Load(INetwork, string, Optimizers.IOptimizerState)"/> found: the file's metadata, and
/// whether it held the optimizer's state (then restored) or not (then the optimizer was reset: zero buffers, step 0).
/// </summary>
public sealed record LoadedCheckpoint(IReadOnlyDictionary<string, string> Metadata, bool OptimizerRestored);
