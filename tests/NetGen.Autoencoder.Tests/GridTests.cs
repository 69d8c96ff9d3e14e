using NetGen.Samples.Autoencoder;
using SkiaSharp;

namespace NetGen.Autoencoder.Tests;

public class GridTests
{
    [Fact]
    public void The_picture_shows_each_input_beside_its_reconstruction()
    {
        var shapes = SyntheticShapes.Create(12, seed: 4);
        var pairs = Enumerable.Range(0, 12).Select(i => (shapes.Image(i).ToArray(), new float[28 * 28])).ToList();
        string path = Path.Combine(Path.GetTempPath(), $"netgen-grid-{Guid.NewGuid():N}", "grid.png");
        try
        {
            ReconstructionGrid.Write(path, pairs, 28, 28, "test", columns: 5, scale: 2);
            using var bitmap = SKBitmap.Decode(path);
            // 5 pairs across, 3 rows; each pair is two 56-pixel images and a 3-pixel gap, pairs 16 apart, 12 margins, 26 caption.
            Assert.Equal(2 * 12 + 5 * (2 * 56 + 3 + 16) - 16, bitmap.Width);
            Assert.Equal(2 * 12 + 26 + 3 * (56 + 16) - 16, bitmap.Height);
            // The first pair: ink of the input where the shape is, the blank reconstruction white beside it.
            int inkX = -1, inkY = -1;
            var first = shapes.Image(0);
            for (int i = 0; i < first.Length && inkX < 0; i++)
                if (first[i] > 0) (inkX, inkY) = (i % 28, i / 28);
            Assert.True(bitmap.GetPixel(12 + inkX * 2, 12 + 26 + inkY * 2).Red < 128);
            Assert.Equal(255, bitmap.GetPixel(12 + 56 + 3 + inkX * 2, 12 + 26 + inkY * 2).Red);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
