namespace NetGen.Data;

/// <summary>A linear map of pixel values p in [0, 1] (0 = background): value = p * Scale + Offset.</summary>
public readonly record struct Normalization(float Scale, float Offset)
{
    /// <summary>LeCun et al. (1998): background -0.1, foreground 1.175, so the mean is about 0 and the variance about 1.</summary>
    public static Normalization LeCun => FromLevels(-0.1f, 1.175f);

    /// <summary>Background and foreground levels, linear in between.</summary>
    public static Normalization FromLevels(float background, float foreground) => new(foreground - background, background);

    /// <summary>(p - mean) / std, with mean and std measured on pixels in [0, 1] (MNIST: 0.1307, 0.3081).</summary>
    public static Normalization FromMeanStd(float mean, float std) => new(1f / std, -mean / std);

    /// <summary>The value of a background pixel, which padding uses too.</summary>
    public float Background => Offset;

    public float Apply(float pixel) => pixel * Scale + Offset;
}
