using NetGen.Data;
using SkiaSharp;

namespace NetGen.Training;

/// <summary>Pictures of a training run: curves per epoch, and a grid of misclassified digits.</summary>
public static class TrainingReport
{
    /// <summary>
    /// A PNG of train loss (left axis) and train/test error in percent (right axis) per epoch (1-based on the x axis).
    /// </summary>
    public static void WriteCurves(IReadOnlyList<EpochStats> history, string path, string title = "Training", int width = 900, int height = 450)
    {
        var plot = new ScottPlot.Plot();
        double[] epochs = history.Select(s => (double)(s.Epoch + 1)).ToArray();
        var loss = plot.Add.Scatter(epochs, history.Select(s => s.TrainLoss).ToArray());
        loss.LegendText = "train loss";
        var trainError = plot.Add.Scatter(epochs, history.Select(s => s.TrainErrorPercent).ToArray());
        trainError.LegendText = "train error %";
        trainError.Axes.YAxis = plot.Axes.Right;
        var withTest = history.Where(s => s.TestErrorRate is not null).ToArray();
        if (withTest.Length > 0)
        {
            var testError = plot.Add.Scatter(withTest.Select(s => (double)(s.Epoch + 1)).ToArray(), withTest.Select(s => s.TestErrorPercent!.Value).ToArray());
            testError.LegendText = "test error %";
            testError.Axes.YAxis = plot.Axes.Right;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "error %";
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        EnsureDirectory(path);
        plot.SavePng(path, width, height);
    }

    /// <summary>
    /// A PNG grid of up to <paramref name="max"/> misclassified images, each labelled <c>true->predicted</c>
    /// (<paramref name="classNames"/> replace the digits when given).
    /// </summary>
    public static void WriteMisclassified(Dataset data, IReadOnlyList<Misclassification> misclassified, string path,
        int max = 100, int columns = 10, int scale = 3, IReadOnlyList<string>? classNames = null)
    {
        var shown = misclassified.Take(max).ToArray();
        int cellW = Math.Max(data.Cols * scale, classNames is null ? 0 : 120) + 8;
        int labelH = 18;
        int cellH = data.Rows * scale + labelH + 8;
        int cols = Math.Max(1, Math.Min(columns, shown.Length));
        int rows = Math.Max(1, (shown.Length + cols - 1) / cols);

        using var bitmap = new SKBitmap(cols * cellW, rows * cellH);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var ink = new SKPaint { IsAntialias = false };
            using var text = new SKPaint { Color = new SKColor(200, 20, 20), IsAntialias = true };
            using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
            using var font = new SKFont(typeface, 13);
            for (int k = 0; k < shown.Length; k++)
            {
                var m = shown[k];
                float x0 = (k % cols) * cellW + (cellW - data.Cols * scale) / 2f, y0 = (k / cols) * cellH + 4;
                var image = data.Image(m.Index);
                for (int y = 0; y < data.Rows; y++)
                    for (int x = 0; x < data.Cols; x++)
                    {
                        // Ink dark on white, as the digits were written.
                        byte level = (byte)(255 - Math.Clamp(image[y * data.Cols + x], 0f, 1f) * 255);
                        ink.Color = new SKColor(level, level, level);
                        canvas.DrawRect(x0 + x * scale, y0 + y * scale, scale, scale, ink);
                    }
                string label = classNames is null ? $"{m.Label}->{m.Predicted}" : $"{classNames[m.Label]}->{classNames[m.Predicted]}";
                canvas.DrawText(label, (k % cols) * cellW + cellW / 2f, y0 + data.Rows * scale + labelH - 3, SKTextAlign.Center, font, text);
            }
        }
        EnsureDirectory(path);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        encoded.SaveTo(file);
    }

    static void EnsureDirectory(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
    }
}
