namespace NetGen.Optimizers;

/// <summary>The learning rate as a function of the (0-based) epoch.</summary>
public interface ILearningRateSchedule
{
    float Rate(int epoch);
}

/// <summary>The same rate every epoch.</summary>
public sealed record ConstantSchedule(float LearningRate) : ILearningRateSchedule
{
    public float Rate(int epoch) => LearningRate;
}

/// <summary>The rate times <see cref="Gamma"/> every <see cref="StepEpochs"/> epochs.</summary>
public sealed record StepSchedule(float Initial, float Gamma, int StepEpochs) : ILearningRateSchedule
{
    public float Rate(int epoch) => Initial * MathF.Pow(Gamma, Math.Max(0, epoch) / Math.Max(1, StepEpochs));
}

/// <summary>
/// One rate per epoch; epochs past the list keep the last one. LeCun et al. (1998) used this shape:
/// a few epochs per rate, decreasing.
/// </summary>
public sealed class PerEpochSchedule : ILearningRateSchedule
{
    readonly float[] _rates;

    public PerEpochSchedule(params float[] rates)
    {
        if (rates.Length == 0)
            throw new ArgumentException("At least one rate is needed.", nameof(rates));
        _rates = rates.ToArray();
    }

    public IReadOnlyList<float> Rates => _rates;

    public float Rate(int epoch) => _rates[Math.Clamp(epoch, 0, _rates.Length - 1)];

    /// <summary>Rates held for runs of epochs: <c>Runs((0.01f, 2), (0.005f, 3))</c> = 0.01, 0.01, 0.005, 0.005, 0.005.</summary>
    public static PerEpochSchedule Runs(params (float Rate, int Epochs)[] runs) =>
        new(runs.SelectMany(r => Enumerable.Repeat(r.Rate, r.Epochs)).ToArray());
}
