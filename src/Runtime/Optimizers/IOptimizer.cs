namespace NetGen.Optimizers;

/// <summary>
/// An optimizer the <see cref="Training.Trainer"/> can drive: it updates a network's trainable parameters from its
/// gradients, takes its learning rate from an <see cref="ILearningRateSchedule"/> by epoch, and exposes its state for
/// checkpoints (<see cref="IOptimizerState"/>). <see cref="SgdOptimizer"/>, <see cref="AdamOptimizer"/> and
/// <see cref="AdamWOptimizer"/> implement it.
/// </summary>
public interface IOptimizer : IOptimizerState
{
    /// <summary>The learning rate the next <see cref="Step"/> uses (the schedule's rate for <see cref="IOptimizerState.Epoch"/>).</summary>
    float LearningRate { get; }

    /// <summary>How many parameters the optimizer updates (those <see cref="INetwork.IsTrainable"/> marks).</summary>
    int TrainableParameterCount { get; }

    /// <summary>
    /// One update from the network's <see cref="INetwork.Gradients"/>, each multiplied first by
    /// <paramref name="gradientScale"/> (1/batch size for summed gradients; the trainer also folds gradient clipping
    /// into it). Counts the step, leaves the gradients as they are and allocates nothing.
    /// </summary>
    void Step(float gradientScale = 1f);
}
