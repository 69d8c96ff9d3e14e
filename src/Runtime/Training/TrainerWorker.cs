using NetGen.Data;
using NetGen.Losses;

namespace NetGen.Training;

/// <summary>
/// What one training thread owns: a network (the master for worker 0, a replica otherwise) whose workspace and
/// <see cref="INetwork.Gradients"/> only this worker touches, its sample buffers, and a sample preparer (preparers
/// hold scratch buffers, so they cannot be shared between threads).
/// </summary>
sealed class TrainerWorker
{
    readonly float[] _input, _output, _outputGradient;
    SamplePreparer? _preparer;
    DataLoader? _preparerLoader;

    public TrainerWorker(INetwork network)
    {
        Network = network;
        _input = new float[network.InputLength];
        _output = new float[network.OutputLength];
        _outputGradient = new float[network.OutputLength];
    }

    public INetwork Network { get; }

    /// <summary>Loss sum and error count of this worker's last slice.</summary>
    public double LossSum;
    public int Errors;

    /// <summary>
    /// Forward, loss and Backward for every sample of <paramref name="indices"/>, adding into this worker's gradients
    /// (which the caller cleared). Allocates nothing once the preparer for <paramref name="loader"/> exists.
    /// </summary>
    public void Train(DataLoader loader, ReadOnlySpan<int> indices, ILoss loss)
    {
        var preparer = PreparerFor(loader);
        double lossSum = 0;
        int errors = 0;
        foreach (int index in indices)
        {
            int label = loader.Label(index);
            preparer.Write(index, _input);
            Network.Forward(_input, _output);
            lossSum += loss.Compute(_output, label, _outputGradient);
            if (loss.Predict(_output) != label)
                errors++;
            Network.Backward(_outputGradient);
        }
        LossSum = lossSum;
        Errors = errors;
    }

    /// <summary>Forward and loss over samples [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="data"/>, in dataset order.</summary>
    public void Evaluate(DataLoader data, int start, int end, ILoss loss, int[,] confusion, List<Misclassification> wrong)
    {
        var preparer = PreparerFor(data);
        double lossSum = 0;
        for (int i = start; i < end; i++)
        {
            int label = data.Label(i);
            preparer.Write(i, _input);
            Network.Forward(_input, _output);
            lossSum += loss.Compute(_output, label, _outputGradient);
            int predicted = loss.Predict(_output);
            confusion[label, predicted]++;
            if (predicted != label)
                wrong.Add(new Misclassification(i, label, predicted));
        }
        LossSum = lossSum;
        Errors = wrong.Count;
    }

    SamplePreparer PreparerFor(DataLoader loader)
    {
        if (!ReferenceEquals(loader, _preparerLoader))
        {
            _preparer = loader.CreatePreparer();
            _preparerLoader = loader;
        }
        return _preparer!;
    }
}
