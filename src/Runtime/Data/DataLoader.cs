namespace NetGen.Data;

/// <summary>How a <see cref="DataLoader"/> orders, batches and prepares samples.</summary>
public sealed record DataLoaderOptions
{
    public int BatchSize { get; init; } = 1;
    /// <summary>Reshuffle every epoch (from <see cref="Seed"/> and the epoch number); off keeps dataset order.</summary>
    public bool Shuffle { get; init; } = true;
    public int Seed { get; init; }
    public Normalization Normalization { get; init; } = Normalization.LeCun;
    /// <summary>Output image size; images are centred on a background border (28x28 -> 32x32 for LeNet-5). 0 keeps the size.</summary>
    public int PadTo { get; init; } = 32;
    /// <summary>Random deformations for augmentation (training sets only); null for none.</summary>
    public DistortionOptions? Distortion { get; init; }

    /// <summary>
    /// The <see cref="PadTo"/> that fits <paramref name="dataset"/>'s images to a network of <paramref name="inputLength"/>
    /// inputs: its side when it reads one larger square (LeNet-5's 32x32 for MNIST's 28x28), else 0 (as they are).
    /// </summary>
    public static int PadToFit(int inputLength, Dataset dataset)
    {
        int side = (int)Math.Round(Math.Sqrt(inputLength));
        return side * side == inputLength && side > dataset.Rows && side > dataset.Cols ? side : 0;
    }
}

/// <summary>
/// Feeds a <see cref="Dataset"/> to a network: a seeded permutation per epoch cut into batches of sample indices,
/// and per sample the padded, optionally distorted, normalized input. Deterministic for a given seed: the shuffle
/// depends on (seed, epoch), a sample's distortion on (seed, epoch, index), so neither depends on thread or order.
/// </summary>
public sealed class DataLoader
{
    readonly int[] _order;
    readonly SamplePreparer _preparer;

    public DataLoader(Dataset dataset, DataLoaderOptions? options = null)
    {
        Options = options ?? new DataLoaderOptions();
        if (Options.BatchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be positive.");
        if (Options.PadTo != 0 && (Options.PadTo < dataset.Rows || Options.PadTo < dataset.Cols))
            throw new ArgumentOutOfRangeException(nameof(options), $"PadTo {Options.PadTo} is smaller than the {dataset.Rows}x{dataset.Cols} images.");
        Dataset = dataset;
        Rows = Options.PadTo == 0 ? dataset.Rows : Options.PadTo;
        Cols = Options.PadTo == 0 ? dataset.Cols : Options.PadTo;
        _order = new int[dataset.Count];
        _preparer = CreatePreparer();
        StartEpoch(0);
    }

    public Dataset Dataset { get; }
    public DataLoaderOptions Options { get; }
    /// <summary>Output image height and width (after padding).</summary>
    public int Rows { get; }
    public int Cols { get; }
    /// <summary>Floats per prepared sample (one channel).</summary>
    public int InputLength => Rows * Cols;
    public int Count => Dataset.Count;
    public int BatchSize => Options.BatchSize;
    public int BatchCount => (Count + BatchSize - 1) / BatchSize;
    public int Epoch { get; private set; }

    /// <summary>The sample order of the current epoch.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Sets the epoch: reshuffles (when shuffling) and selects the epoch's distortions.</summary>
    public void StartEpoch(int epoch)
    {
        Epoch = epoch;
        for (int i = 0; i < _order.Length; i++)
            _order[i] = i;
        if (!Options.Shuffle)
            return;
        var rng = new SplitMix(SplitMix.Seed(Options.Seed, epoch, -1));
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }

    /// <summary>The sample indices of batch <paramref name="batch"/> of the current epoch (the last may be short).</summary>
    public ReadOnlySpan<int> Batch(int batch)
    {
        int start = batch * BatchSize;
        return _order.AsSpan(start, Math.Min(BatchSize, Count - start));
    }

    public int Label(int index) => Dataset.Labels[index];

    /// <summary>Writes sample <paramref name="index"/>, prepared, into <paramref name="input"/> (<see cref="InputLength"/> floats).</summary>
    public void WriteSample(int index, Span<float> input) => _preparer.Write(index, input);

    /// <summary>A preparer with its own scratch buffers, for preparing samples on another thread.</summary>
    public SamplePreparer CreatePreparer() => new(this);
}

/// <summary>Pads, distorts and normalizes samples of a <see cref="DataLoader"/>; one per thread (it holds scratch buffers).</summary>
public sealed class SamplePreparer
{
    readonly DataLoader _loader;
    readonly float[] _padded, _distorted;
    readonly ImageDistorter? _distorter;

    internal SamplePreparer(DataLoader loader)
    {
        _loader = loader;
        _padded = new float[loader.InputLength];
        _distorted = new float[loader.InputLength];
        if (loader.Options.Distortion is { } d)
            _distorter = new ImageDistorter(d, loader.Rows, loader.Cols);
    }

    public void Write(int index, Span<float> input)
    {
        var data = _loader.Dataset;
        int rows = _loader.Rows, cols = _loader.Cols;
        if (input.Length < rows * cols)
            throw new ArgumentException($"The input holds {input.Length} floats, a sample needs {rows * cols}.", nameof(input));
        var image = data.Image(index);
        int top = (rows - data.Rows) / 2, left = (cols - data.Cols) / 2;

        // Pad in pixel space (background 0), then distort, then normalize: distortion may move ink into the border.
        _padded.AsSpan().Clear();
        for (int y = 0; y < data.Rows; y++)
            image.Slice(y * data.Cols, data.Cols).CopyTo(_padded.AsSpan((y + top) * cols + left, data.Cols));
        ReadOnlySpan<float> pixels = _padded;
        if (_distorter is not null)
        {
            var o = _loader.Options;
            _distorter.Apply(_padded, _distorted, SplitMix.Seed(o.Seed, _loader.Epoch, index));
            pixels = _distorted;
        }
        var norm = _loader.Options.Normalization;
        for (int i = 0; i < rows * cols; i++)
            input[i] = norm.Apply(pixels[i]);
    }
}
