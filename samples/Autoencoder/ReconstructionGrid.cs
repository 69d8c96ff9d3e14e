using SkiaSharp;

namespace NetGen.Samples.Autoencoder;

/// <summary>A PNG of image pairs: each input beside its reconstruction, dark ink on white as the digits were written.</summary>
public static class ReconstructionGrid
{
    const int Gap = 3, PairGap = 16, Margin = 12, CaptionHeight = 26;

    /// <param name="pairs">Inputs and reconstructions, pixels in [0, 1], <paramref name="rows"/> x <paramref name="cols"/> each.</param>
    public static void Write(string path, IReadOnlyList<(float[] Input, float[] Output)> pairs, int rows, int cols,
        string caption, int columns = 10, int scale = 3)
    {
        ArgumentOutOfRangeException.ThrowIfZero(pairs.Count);
        int imageW = cols * scale, imageH = rows * scale;
        int pairW = 2 * imageW + Gap, cellW = pairW + PairGap, cellH = imageH + PairGap;
        int gridCols = Math.Min(columns, pairs.Count), gridRows = (pairs.Count + gridCols - 1) / gridCols;
        int width = 2 * Margin + gridCols * cellW - PairGap, height = 2 * Margin + CaptionHeight + gridRows * cellH - PairGap;

        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
            using var font = new SKFont(typeface, 14);
            using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(caption, Margin, Margin + 14, SKTextAlign.Left, font, text);
            using var ink = new SKPaint { IsAntialias = false };
            using var frame = new SKPaint { Color = new SKColor(170, 170, 170), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
            for (int k = 0; k < pairs.Count; k++)
            {
                float x = Margin + k % gridCols * cellW, y = Margin + CaptionHeight + k / gridCols * cellH;
                Draw(canvas, ink, frame, pairs[k].Input, rows, cols, scale, x, y);
                Draw(canvas, ink, frame, pairs[k].Output, rows, cols, scale, x + imageW + Gap, y);
            }
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        encoded.SaveTo(file);
    }

    static void Draw(SKCanvas canvas, SKPaint ink, SKPaint frame, float[] image, int rows, int cols, int scale, float x0, float y0)
    {
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
            {
                byte level = (byte)(255 - MathF.Round(Math.Clamp(image[y * cols + x], 0f, 1f) * 255));
                ink.Color = new SKColor(level, level, level);
                canvas.DrawRect(x0 + x * scale, y0 + y * scale, scale, scale, ink);
            }
        canvas.DrawRect(x0 - 0.5f, y0 - 0.5f, cols * scale + 1, rows * scale + 1, frame);
    }
}
