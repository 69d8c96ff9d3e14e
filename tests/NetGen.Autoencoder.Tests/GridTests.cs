using NetGen.Samples.Autoencoder;
using SkiaSharp;

namespace NetGen.Autoencoder.Tests;

public class GridTests
{
    [Fact]
    public void The_picture_shows_each_input_beside_its_reconstruction()
    {
        const int count = 12, columns = 5, scale = 2, side = 28 * scale;
        var shapes = SyntheticShapes.Create(count, seed: 4);
        // Each "reconstruction" is another image, fainter, so a pair showing its input twice or a neighbour's image differs.
        var pairs = Enumerable.Range(0, count)
            .Select(i => (shapes.Image(i).ToArray(), shapes.Image((i + 5) % count).ToArray().Select(v => 0.8f * v).ToArray())).ToList();
        string path = Path.Combine(Path.GetTempPath(), $"netgen-grid-{Guid.NewGuid():N}", "grid.png");
        try
        {
            ReconstructionGrid.Write(path, pairs, 28, 28, "test", columns: columns, scale: scale);
            using var bitmap = SKBitmap.Decode(path);
            // 5 pairs across, 3 rows; each pair is two 56-pixel images and a 3-pixel gap, pairs 16 apart, 12 margins, 26 caption.
            const int pairW = 2 * side + 3, cellW = pairW + 16, cellH = side + 16, top = 12 + 26;
            Assert.Equal(2 * 12 + columns * cellW - 16, bitmap.Width);
            Assert.Equal(2 * 12 + 26 + 3 * cellH - 16, bitmap.Height);
            Assert.Contains(Enumerable.Range(12, 200), x => bitmap.GetPixel(x, 12 + 9).Red < 100);  // the caption
            for (int cell = 0; cell < 15; cell++)
            {
                int x0 = 12 + cell % columns * cellW, y0 = top + cell / columns * cellH;
                if (cell >= count)
                {
                    for (int y = y0 - 1; y <= y0 + side; y++)
                        for (int x = x0 - 1; x <= x0 + pairW; x++)
                            Assert.True(bitmap.GetPixel(x, y) == SKColors.White, $"empty cell {cell} is not white at ({x}, {y})");
                    continue;
                }
                AssertShows(bitmap, pairs[cell].Item1, x0, y0, $"pair {cell} input");
                AssertShows(bitmap, pairs[cell].Item2, x0 + side + 3, y0, $"pair {cell} reconstruction");
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>Image pixel (x, y) is a 2x2 square of grey 255 (1 - v) at (x0 + 2x, y0 + 2y); its lower right pixel is clear of the frame.</summary>
    private static void AssertShows(SKBitmap bitmap, float[] image, int x0, int y0, string what)
    {
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
            {
                var c = bitmap.GetPixel(x0 + 2 * x + 1, y0 + 2 * y + 1);
                int expected = (int)MathF.Round(255 * (1 - image[y * 28 + x]));
                Assert.True(Math.Abs(c.Red - expected) <= 1 && c.Red == c.Green && c.Green == c.Blue, $"{what}, pixel ({x}, {y}): {c}, expected grey {expected}");
            }
    }
}
