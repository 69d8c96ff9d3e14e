using NetGen.Batching;
using NetGen.Data;
using NetGen.Losses;

namespace NetGen.Training;

/// <summary>
/// A batch read from a <see cref="DataLoader"/> by sample indices: each worker prepares its samples (normalization,
/// distortion) with its own <see cref="SamplePreparer"/>, since preparers hold scratch buffers.
/// </summary>
internal sealed class LoaderSamples : BatchSource
{
    private SamplePreparer[] _preparers = [];
    private DataLoader? _loader;
    private ILoss? _loss;
    private int[] _indices = [];
    private int _count;

    /// <summary>The batch: <paramref name="indices"/> into the loader's data set (copied: spans cannot be kept).</summary>
    public LoaderSamples Set(DataLoader loader, ReadOnlySpan<int> indices, ILoss loss)
    {
        indices.CopyTo(Use(loader, indices.Length, loss));
        return this;
    }

    /// <summary>Samples [<paramref name="start"/>, start + count) of the loader's data set, in data set order.</summary>
    public LoaderSamples SetRange(DataLoader loader, int start, int count, ILoss loss)
    {
        var indices = Use(loader, count, loss);
        for (int i = 0; i < count; i++) indices[i] = start + i;
        return this;
    }

    /// <summary>Takes the loader (its preparers are made anew for another one) and room for <paramref name="count"/> indices.</summary>
    private Span<int> Use(DataLoader loader, int count, ILoss loss)
    {
        if (!ReferenceEquals(loader, _loader)) (_loader, _preparers) = (loader, []);
        if (_indices.Length < count) _indices = new int[count];
        (_count, _loss) = (count, loss);
        return _indices.AsSpan(0, count);
    }

    public override int Count => _count;

    public override void PrepareWorkers(int workers)
    {
        if (_preparers.Length >= workers) return;
        var more = new SamplePreparer[workers];
        _preparers.CopyTo(more, 0);
        for (int w = _preparers.Length; w < workers; w++) more[w] = _loader!.CreatePreparer();
        _preparers = more;
    }

    public override void WriteInput(int worker, int sample, Span<float> input) => _preparers[worker].Write(_indices[sample], input);

    public override int Label(int sample) => _loader!.Label(_indices[sample]);

    public override double Loss(int sample, ReadOnlySpan<float> output, Span<float> outputGradient, out int predicted)
    {
        double loss = _loss!.Compute(output, Label(sample), outputGradient);
        predicted = _loss.Predict(output);
        return loss;
    }
}
