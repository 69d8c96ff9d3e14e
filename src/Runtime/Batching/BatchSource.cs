using NetGen.Losses;

namespace NetGen.Batching;

/// <summary>
/// Where the samples of one batch come from, for <see cref="BatchRunner"/>: worker w writes sample s's input into its
/// own buffer, and the sample's loss is computed against its label or target. Workers call it concurrently, each with
/// its own index, so an implementation keeps per-worker scratch (a data loader's preparer) by that index.
/// </summary>
internal abstract class BatchSource
{
    /// <summary>How many samples the batch has.</summary>
    public abstract int Count { get; }

    /// <summary>Writes sample <paramref name="sample"/>'s input; called on worker <paramref name="worker"/>'s thread.</summary>
    public abstract void WriteInput(int worker, int sample, Span<float> input);

    /// <summary>The sample's class label, or -1 when it has a target output instead.</summary>
    public abstract int Label(int sample);

    /// <summary>The sample's loss; WRITES dE/doutput. <paramref name="predicted"/>: the predicted class (-1 without labels).</summary>
    public abstract double Loss(int sample, ReadOnlySpan<float> output, Span<float> outputGradient, out int predicted);

    /// <summary>Called on the calling thread before a run with <paramref name="workers"/> workers (to size per-worker scratch).</summary>
    public virtual void PrepareWorkers(int workers) { }
}

/// <summary>Samples back to back in memory, with a class label each and an <see cref="ILoss"/>.</summary>
internal sealed class LabelledSamples : BatchSource
{
    private ReadOnlyMemory<float> _inputs;
    private ReadOnlyMemory<int> _labels;
    private ILoss? _loss;
    private int _inputLength;

    public LabelledSamples Set(ReadOnlyMemory<float> inputs, ReadOnlyMemory<int> labels, ILoss loss, int inputLength)
    {
        (_inputs, _labels, _loss, _inputLength) = (inputs, labels, loss, inputLength);
        return this;
    }

    public void Release() => (_inputs, _labels, _loss) = (default, default, null);

    public override int Count => _labels.Length;

    public override void WriteInput(int worker, int sample, Span<float> input) =>
        _inputs.Span.Slice(sample * _inputLength, _inputLength).CopyTo(input);

    public override int Label(int sample) => _labels.Span[sample];

    public override double Loss(int sample, ReadOnlySpan<float> output, Span<float> outputGradient, out int predicted)
    {
        double loss = _loss!.Compute(output, _labels.Span[sample], outputGradient);
        predicted = _loss.Predict(output);
        return loss;
    }
}

/// <summary>Samples back to back in memory, with a target output each (autoencoders) and a <see cref="ReconstructionLoss"/>.</summary>
internal sealed class TargetSamples : BatchSource
{
    private ReadOnlyMemory<float> _inputs, _targets;
    private ReconstructionLoss? _loss;
    private int _inputLength, _outputLength;

    public TargetSamples Set(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, ReconstructionLoss loss, int inputLength, int outputLength)
    {
        (_inputs, _targets, _loss, _inputLength, _outputLength) = (inputs, targets, loss, inputLength, outputLength);
        return this;
    }

    public void Release() => (_inputs, _targets, _loss) = (default, default, null);

    public override int Count => _targets.Length / _outputLength;

    public override void WriteInput(int worker, int sample, Span<float> input) =>
        _inputs.Span.Slice(sample * _inputLength, _inputLength).CopyTo(input);

    public override int Label(int sample) => -1;

    public override double Loss(int sample, ReadOnlySpan<float> output, Span<float> outputGradient, out int predicted)
    {
        predicted = -1;
        return _loss!.Compute(output, _targets.Span.Slice(sample * _outputLength, _outputLength), outputGradient);
    }
}
