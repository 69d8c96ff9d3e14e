using System.Text.Json;

namespace NetGen.DigitApp.Tests;

/// <summary>What the page showed after Classify: the digit text, the ten bars' scores, and any error line.</summary>
public sealed record PageAnswer(string Digit, double[] Scores, string Status);

/// <summary>The DigitApp page as a user meets it: a pad to draw on, Classify and Clear buttons, the answer.</summary>
public sealed class DigitPage(BrowserPage page)
{
    const int PadSide = 280;

    public BrowserPage Browser => page;

    public Task ClearAsync() => page.ClickAsync("#clear");

    /// <summary>
    /// Paints a 28x28 image (0..255, white on black) onto the pad, each pixel a 10x10 square of its grey, with the
    /// pad's own 2D context: what is painted then goes through the page's downsampling like any drawing.
    /// </summary>
    public Task PaintAsync(byte[] pixels) => page.EvaluateAsync($$"""
        (() => {
          const pixels = {{JsonSerializer.Serialize(pixels.Select(p => (int)p))}};
          const pad = document.getElementById("pad");
          const ctx = pad.getContext("2d");
          const cell = pad.width / 28;
          ctx.fillStyle = "#000";
          ctx.fillRect(0, 0, pad.width, pad.height);
          pixels.forEach((v, i) => {
            if (v === 0) return;
            ctx.fillStyle = `rgb(${v}, ${v}, ${v})`;
            ctx.fillRect((i % 28) * cell, Math.floor(i / 28) * cell, cell, cell);
          });
          return true;
        })()
        """);

    /// <summary>Mouse strokes, each a polyline in pad coordinates (0..280 both ways).</summary>
    public async Task DrawAsync(params (double X, double Y)[][] strokes)
    {
        var box = await page.BoxOfAsync("#pad");
        double scale = box.Width / PadSide;
        foreach (var stroke in strokes)
            await page.DragAsync(Densify(stroke).Select(p => (box.Left + p.X * scale, box.Top + p.Y * scale)).ToArray());
    }

    /// <summary>Points every few pixels along the polyline, as a moving mouse reports them.</summary>
    static IEnumerable<(double X, double Y)> Densify((double X, double Y)[] stroke)
    {
        yield return stroke[0];
        for (int i = 1; i < stroke.Length; i++)
        {
            var (a, b) = (stroke[i - 1], stroke[i]);
            int steps = Math.Max(1, (int)(Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y)) / 6));
            for (int s = 1; s <= steps; s++)
                yield return (a.X + (b.X - a.X) * s / steps, a.Y + (b.Y - a.Y) * s / steps);
        }
    }

    /// <summary>Clicks Classify and waits for the page to show the answer (the digit's data-count goes up).</summary>
    public async Task<PageAnswer> ClassifyAsync()
    {
        int before = (await page.EvaluateAsync("Number(document.getElementById('digit').dataset.count)")).GetInt32();
        await page.ClickAsync("#classify");
        await page.WaitUntilAsync($"Number(document.getElementById('digit').dataset.count) > {before}", TimeSpan.FromSeconds(15));
        var shown = await page.EvaluateAsync("""
            ({
              digit: document.getElementById("digit").textContent,
              scores: [...document.querySelectorAll("#bars .bar")].map(b => Number(b.dataset.score)),
              status: document.getElementById("status").textContent,
            })
            """);
        return new PageAnswer(
            shown.GetProperty("digit").GetString()!,
            shown.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToArray(),
            shown.GetProperty("status").GetString()!);
    }
}
