namespace NetGen.Optimizers;

/// <summary>
/// What an optimizer carries from one step to the next, named so a checkpoint can save and restore it
/// (<see cref="Checkpoints.SafeTensors"/>) and training resumes exactly: per-parameter buffers laid out like
/// <see cref="INetwork.Parameters"/> (SGD's momentum; Adam would add its two moments), the learning-rate schedule's
/// epoch and the step count.
/// </summary>
public interface IOptimizerState
{
    /// <summary>Which optimizer this is ("sgd"); a checkpoint holding another kind's state is refused.</summary>
    string Kind { get; }

    /// <summary>The buffers' names, as PyTorch's optimizers name them (SGD: <c>momentum_buffer</c>; Adam: <c>exp_avg</c>, <c>exp_avg_sq</c>).</summary>
    IReadOnlyList<string> BufferNames { get; }

    /// <summary>Buffer <paramref name="index"/> of <see cref="BufferNames"/>: one float per network parameter.</summary>
    Span<float> Buffer(int index);

    /// <summary>The schedule's position: the epoch whose learning rate the next step uses.</summary>
    int Epoch { get; }

    /// <summary>Moves the schedule to <paramref name="epoch"/>.</summary>
    void SetEpoch(int epoch);

    /// <summary>Steps taken since construction or <see cref="Reset"/> (Adam's bias correction depends on it).</summary>
    long Steps { get; set; }

    /// <summary>Zeroes the buffers and the step count; the epoch is kept.</summary>
    void Reset();

    /// <summary>
    /// Whether <paramref name="values"/> could be buffer <paramref name="index"/>'s content: null when it could, else the
    /// position of the first value this optimizer can never hold and the rule it breaks (Adam: a second moment is
    /// never negative). A checkpoint's buffers are checked with it before anything is restored.
    /// </summary>
    (int Position, string Rule)? FindImpossible(int index, ReadOnlySpan<float> values) => null;
}
