namespace NetGen.Data;

/// <summary>
/// Labelled greyscale images (MNIST, Fashion-MNIST, or synthetic): pixels as floats in [0, 1]
/// (0 = background), image after image, row-major.
/// </summary>
public sealed class Dataset
{
    public Dataset(string name, float[] images, byte[] labels, int rows, int cols, int classes = 10)
    {
        if (rows <= 0 || cols <= 0)
            throw new ArgumentOutOfRangeException(nameof(rows), "Image sizes must be positive.");
        if (images.Length != (long)labels.Length * rows * cols)
            throw new ArgumentException($"{name}: {images.Length} pixels do not make {labels.Length} images of {rows}x{cols}.");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classes)
                throw new ArgumentException($"{name}: label {labels[i]} of sample {i} is not below {classes} classes.");
        Name = name;
        Images = images;
        Labels = labels;
        Rows = rows;
        Cols = cols;
        Classes = classes;
    }

    public string Name { get; }
    /// <summary>All pixels, in [0, 1], <see cref="Count"/> x <see cref="Rows"/> x <see cref="Cols"/>.</summary>
    public float[] Images { get; }
    public byte[] Labels { get; }
    public int Count => Labels.Length;
    public int Rows { get; }
    public int Cols { get; }
    public int Classes { get; }
    public int PixelsPerImage => Rows * Cols;

    /// <summary>The pixels of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>Loads an images file (IDX3) and its labels file (IDX1), checking they agree in count.</summary>
    public static Dataset Load(string name, string imagesPath, string labelsPath, int classes = 10)
    {
        var images = IdxFile.Read(imagesPath, 3);
        var labels = IdxFile.Read(labelsPath, 1);
        if (images.Count != labels.Count)
            throw new DataFormatException(labelsPath, $"holds {labels.Count} labels but {imagesPath} holds {images.Count} images.");
        for (int i = 0; i < labels.Data.Length; i++)
            if (labels.Data[i] >= classes)
                throw new DataFormatException(labelsPath, $"label {labels.Data[i]} of sample {i} is not below {classes} classes.");
        var pixels = new float[images.Data.Length];
        const float scale = 1f / 255f;
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = images.Data[i] * scale;
        return new Dataset(name, pixels, labels.Data, images.Dimensions[1], images.Dimensions[2], classes);
    }

    /// <summary>The first <paramref name="count"/> samples (for quick runs and tests); shares nothing with this one.</summary>
    public Dataset Take(int count)
    {
        count = Math.Min(count, Count);
        return new Dataset(Name, Images.AsSpan(0, count * PixelsPerImage).ToArray(), Labels.AsSpan(0, count).ToArray(), Rows, Cols, Classes);
    }
}

/// <summary>A training set and its test set.</summary>
public sealed record DatasetPair(Dataset Train, Dataset Test);
