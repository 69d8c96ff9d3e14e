namespace NetGen.Data;

/// <summary>
/// Random small deformations for training-set augmentation: an affine map (rotation, scale, shear, translation)
/// plus an elastic field (Simard et al. 2003: uniform random displacements smoothed by a Gaussian of
/// <see cref="ElasticSigma"/> and scaled by <see cref="ElasticAlpha"/>). Set a value to 0 to switch that part off.
/// </summary>
public sealed record DistortionOptions
{
    public float MaxRotationDegrees { get; init; } = 8f;
    /// <summary>Scale factors are drawn from [1 - MaxScale, 1 + MaxScale], per axis.</summary>
    public float MaxScale { get; init; } = 0.1f;
    /// <summary>Horizontal shear factor in [-MaxShear, MaxShear].</summary>
    public float MaxShear { get; init; } = 0.15f;
    /// <summary>Translation in pixels, per axis.</summary>
    public float MaxTranslation { get; init; } = 1.5f;
    public float ElasticAlpha { get; init; } = 34f;
    public float ElasticSigma { get; init; } = 4f;

    public static DistortionOptions AffineOnly => new() { ElasticAlpha = 0 };
    public static DistortionOptions ElasticOnly => new() { MaxRotationDegrees = 0, MaxScale = 0, MaxShear = 0, MaxTranslation = 0 };
}
