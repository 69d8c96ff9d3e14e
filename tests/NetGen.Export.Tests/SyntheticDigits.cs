namespace NetGen.Export.Tests;

/// <summary>
/// Digit-like test images made by the test itself (tests cannot download MNIST): the ten digits drawn as thick
/// seven-segment strokes, slanted, on a 28x28 canvas centred in 32x32 as LeNet-5 expects, scaled to LeCun's levels
/// (background -0.1, ink 1.175) with soft stroke edges.
/// </summary>
public static class SyntheticDigits
{
    // Segments a..g of a seven-segment digit, as (x0, y0, x1, y1) on a 0..1 box.
    private static readonly (float, float, float, float)[] Segments =
    [
        (0, 0, 1, 0), (1, 0, 1, 0.5f), (1, 0.5f, 1, 1), (0, 1, 1, 1), (0, 0.5f, 0, 1), (0, 0, 0, 0.5f), (0, 0.5f, 1, 0.5f),
    ];

    private static readonly string[] Lit = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afedcg", "abc", "abcdefg", "abcdfg"];

    /// <summary>One 1x32x32 image of <paramref name="digit"/>; <paramref name="slant"/> shears it (x += slant * (1 - y)).</summary>
    public static float[] Draw(int digit, float slant = 0.15f, float thickness = 1.6f)
    {
        var image = new float[32 * 32];
        const float Left = 9, Top = 6, Width = 10, Height = 18;  // the digit's box inside the 32x32 frame (MNIST's 20x20 area plus padding)
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
            {
                float ink = 0;
                foreach (char segment in Lit[digit])
                {
                    var (x0, y0, x1, y1) = Segments[segment - 'a'];
                    float d = Distance(x + 0.5f, y + 0.5f,
                        Left + Width * (x0 + slant * (1 - y0)), Top + Height * y0,
                        Left + Width * (x1 + slant * (1 - y1)), Top + Height * y1);
                    ink = Math.Max(ink, Math.Clamp(thickness + 0.5f - d, 0, 1));
                }
                image[y * 32 + x] = -0.1f + 1.275f * ink;
            }
        return image;
    }

    private static float Distance(float px, float py, float ax, float ay, float bx, float by)
    {
        float dx = bx - ax, dy = by - ay;
        float t = Math.Clamp(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0, 1);
        float ex = px - (ax + t * dx), ey = py - (ay + t * dy);
        return MathF.Sqrt(ex * ex + ey * ey);
    }
}
