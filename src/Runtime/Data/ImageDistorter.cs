namespace NetGen.Data;

/// <summary>
/// Applies a random affine map and elastic field to one image by bilinear resampling (outside = 0, the
/// background). Deterministic in its seed. Holds scratch buffers: one instance per thread, no allocation per image.
/// </summary>
public sealed class ImageDistorter
{
    readonly DistortionOptions _options;
    readonly int _rows, _cols;
    readonly float[] _dx, _dy, _blur, _kernel;

    public ImageDistorter(DistortionOptions options, int rows, int cols)
    {
        _options = options;
        _rows = rows;
        _cols = cols;
        _dx = new float[rows * cols];
        _dy = new float[rows * cols];
        _blur = new float[rows * cols];
        _kernel = GaussianKernel(options.ElasticSigma);
    }

    public int Rows => _rows;
    public int Cols => _cols;

    static float[] GaussianKernel(float sigma)
    {
        if (sigma <= 0)
            return [1f];
        int radius = (int)MathF.Ceiling(3 * sigma);
        var k = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++)
            sum += k[i + radius] = MathF.Exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.Length; i++)
            k[i] /= sum;
        return k;
    }

    /// <summary>Writes the distorted <paramref name="source"/> (Rows x Cols) into <paramref name="destination"/> (same size).</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination, ulong seed)
    {
        int n = _rows * _cols;
        if (source.Length < n || destination.Length < n)
            throw new ArgumentException($"Images must hold {_rows}x{_cols} pixels.");
        var rng = new SplitMix(seed);
        var o = _options;

        // The map from destination to source coordinates, about the image centre. Every parameter is drawn
        // symmetrically, so drawing the inverse map directly gives the same distribution as the forward one.
        float angle = o.MaxRotationDegrees * MathF.PI / 180f * rng.NextSigned();
        float sx = 1 + o.MaxScale * rng.NextSigned(), sy = 1 + o.MaxScale * rng.NextSigned();
        float shear = o.MaxShear * rng.NextSigned();
        float tx = o.MaxTranslation * rng.NextSigned(), ty = o.MaxTranslation * rng.NextSigned();
        float cos = MathF.Cos(angle), sin = MathF.Sin(angle);
        // M = R * Shear * Scale
        float m00 = cos * sx, m01 = (cos * shear - sin) * sy;
        float m10 = sin * sx, m11 = (sin * shear + cos) * sy;

        bool elastic = o.ElasticAlpha > 0;
        if (elastic)
        {
            for (int i = 0; i < n; i++)
            {
                _dx[i] = rng.NextSigned();
                _dy[i] = rng.NextSigned();
            }
            Smooth(_dx, o.ElasticAlpha);
            Smooth(_dy, o.ElasticAlpha);
        }

        float cx = (_cols - 1) * 0.5f, cy = (_rows - 1) * 0.5f;
        for (int y = 0; y < _rows; y++)
        {
            for (int x = 0; x < _cols; x++)
            {
                float u = x - cx - tx, v = y - cy - ty;
                float srcX = m00 * u + m01 * v + cx, srcY = m10 * u + m11 * v + cy;
                int i = y * _cols + x;
                if (elastic)
                {
                    srcX += _dx[i];
                    srcY += _dy[i];
                }
                destination[i] = Bilinear(source, srcX, srcY);
            }
        }
    }

    float Bilinear(ReadOnlySpan<float> image, float x, float y)
    {
        int x0 = (int)MathF.Floor(x), y0 = (int)MathF.Floor(y);
        float fx = x - x0, fy = y - y0;
        float a = Pixel(image, x0, y0), b = Pixel(image, x0 + 1, y0);
        float c = Pixel(image, x0, y0 + 1), d = Pixel(image, x0 + 1, y0 + 1);
        return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
    }

    float Pixel(ReadOnlySpan<float> image, int x, int y) =>
        (uint)x < (uint)_cols && (uint)y < (uint)_rows ? image[y * _cols + x] : 0f;

    /// <summary>Separable Gaussian blur of a displacement field, in place, times <paramref name="scale"/>; zero beyond the edge.</summary>
    void Smooth(float[] field, float scale)
    {
        int r = _kernel.Length / 2;
        for (int y = 0; y < _rows; y++)
            for (int x = 0; x < _cols; x++)
            {
                float s = 0;
                for (int k = -r; k <= r; k++)
                    if ((uint)(x + k) < (uint)_cols)
                        s += _kernel[k + r] * field[y * _cols + x + k];
                _blur[y * _cols + x] = s;
            }
        for (int y = 0; y < _rows; y++)
            for (int x = 0; x < _cols; x++)
            {
                float s = 0;
                for (int k = -r; k <= r; k++)
                    if ((uint)(y + k) < (uint)_rows)
                        s += _kernel[k + r] * _blur[(y + k) * _cols + x];
                field[y * _cols + x] = s * scale;
            }
    }
}
