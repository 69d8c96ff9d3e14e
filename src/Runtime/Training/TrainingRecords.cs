namespace NetGen.Training;

/// <summary>What one training epoch did. Train loss and error are averaged over the epoch while the weights moved.</summary>
public sealed record EpochStats(
    int Epoch, float LearningRate, double TrainLoss, double TrainErrorRate,
    double? TestLoss, double? TestErrorRate, double Seconds, double ImagesPerSecond)
{
    public double TrainErrorPercent => 100 * TrainErrorRate;
    public double? TestErrorPercent => 100 * TestErrorRate;
}

/// <summary>A snapshot during an epoch, for progress bars.</summary>
public readonly record struct TrainingProgress(
    int Epoch, int Batch, int BatchCount, int SamplesDone, int SampleCount,
    double RunningLoss, double RunningErrorRate, double ImagesPerSecond, TimeSpan Elapsed)
{
    public double Fraction => SampleCount == 0 ? 1 : (double)SamplesDone / SampleCount;
}

/// <summary>One wrongly classified sample.</summary>
public readonly record struct Misclassification(int Index, int Label, int Predicted);

/// <summary>The result of evaluating a network on a data set.</summary>
public sealed class Evaluation(int count, int errors, double meanLoss, int[,] confusion, IReadOnlyList<Misclassification> misclassified)
{
    public int Count { get; } = count;
    public int Errors { get; } = errors;
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
    public double ErrorPercent => 100 * ErrorRate;
    public double MeanLoss { get; } = meanLoss;
    /// <summary>[true label, predicted class] counts.</summary>
    public int[,] Confusion { get; } = confusion;
    public IReadOnlyList<Misclassification> Misclassified { get; } = misclassified;

    /// <summary>The confusion matrix as a text table: rows are true labels, columns predictions.</summary>
    public string ConfusionTable()
    {
        int n = Confusion.GetLength(0);
        int width = Math.Max(5, Confusion.Cast<int>().Max().ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1);
        var sb = new System.Text.StringBuilder();
        sb.Append("true\\pred");
        for (int p = 0; p < n; p++)
            sb.Append(p.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width));
        sb.AppendLine();
        for (int t = 0; t < n; t++)
        {
            sb.Append(t.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(9));
            for (int p = 0; p < n; p++)
                sb.Append(Confusion[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}

/// <summary>Loss and error count of one batch.</summary>
public readonly record struct BatchResult(double LossSum, int Errors, int Count);
