using NetGen.Optimizers;

namespace NetGen.Samples.LeNet5;

/// <summary>The learning-rate shapes the sample offers; each starts at --lr.</summary>
public enum ScheduleKind
{
    /// <summary>The steps LeCun et al. (1998) used, relative to the first rate: 1 (2 epochs), 0.4 (3), 0.2 (3), 0.1 (4), 0.02 after.</summary>
    LeCun,
    /// <summary>Half a cosine from --lr down to --lr/100 over --epochs.</summary>
    Cosine,
    Constant,
}

public static class Schedules
{
    public static ILearningRateSchedule Create(ScheduleKind kind, float rate, int epochs) => kind switch
    {
        // LeCun's 0.0005, 0.0002, 0.0001, 0.00005, 0.00001 (for SDLM): only the ratios carry over to plain SGD.
        ScheduleKind.LeCun => PerEpochSchedule.Runs((rate, 2), (rate * 0.4f, 3), (rate * 0.2f, 3), (rate * 0.1f, 4), (rate * 0.02f, 1)),
        ScheduleKind.Cosine => new CosineSchedule(rate, rate / 100, epochs),
        ScheduleKind.Constant => new ConstantSchedule(rate),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>Cosine annealing per epoch: <see cref="First"/> at epoch 0, falling to <see cref="Last"/> at the last epoch.</summary>
public sealed record CosineSchedule(float First, float Last, int Epochs) : ILearningRateSchedule
{
    public float Rate(int epoch)
    {
        // A one-epoch run trains at First (t = 0), not at the floor it would end on.
        double t = Epochs <= 1 ? 0 : Math.Clamp((double)epoch / (Epochs - 1), 0, 1);
        return (float)(Last + (First - Last) * 0.5 * (1 + Math.Cos(Math.PI * t)));
    }
}
