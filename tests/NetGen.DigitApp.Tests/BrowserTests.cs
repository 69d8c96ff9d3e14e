using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace NetGen.DigitApp.Tests;

/// <summary>End to end: the real page in headless Chromium, real MNIST test digits drawn on its canvas, the app's answers.</summary>
[Collection(DigitAppCollection.Name)]
public sealed class BrowserTests(DigitAppServer server, ITestOutputHelper output)
{
    /// <summary>How many MNIST test digits the page classifies, and how many it must get right.</summary>
    const int DigitCount = 100;
    const int RequiredCorrect = 97;

    [Fact]
    public async Task Mnist_test_digits_drawn_on_the_canvas_are_mostly_classified_right()
    {
        var digits = MnistTestDigits.First(DigitCount);
        var clock = Stopwatch.StartNew();
        await using var browser = await BrowserSession.OpenAsync(server.BaseAddress);
        var page = browser.Page;

        var wrong = new List<string>();
        foreach (var (pixels, label) in digits)
        {
            await page.ClearAsync();
            await page.PaintAsync(pixels);
            var answer = await page.ClassifyAsync();

            Assert.True(answer.Status.Length == 0, $"the page reported: {answer.Status}");
            Assert.Equal(10, answer.Scores.Length);
            Assert.InRange(answer.Scores.Sum(), 0.999, 1.001);
            int shown = int.Parse(answer.Digit, CultureInfo.InvariantCulture);
            Assert.Equal(shown, Array.IndexOf(answer.Scores, answer.Scores.Max()));   // the bar chart agrees with the digit
            if (shown != label)
                wrong.Add($"{label}->{shown}");
        }

        int correct = DigitCount - wrong.Count;
        output.WriteLine($"{correct} of {DigitCount} MNIST test digits right through the page in {clock.Elapsed.TotalSeconds:F1} s; wrong (true->shown): {string.Join(", ", wrong)}");
        Assert.Empty(page.Browser.Errors);
        Assert.True(correct >= RequiredCorrect, $"only {correct} of {DigitCount} right (need {RequiredCorrect}); wrong: {string.Join(", ", wrong)}");
    }

    [Fact]
    public async Task Digits_drawn_with_mouse_strokes_are_read()
    {
        await using var browser = await BrowserSession.OpenAsync(server.BaseAddress);
        var page = browser.Page;
        var cases = new (int Digit, (double X, double Y)[][] Strokes)[]
        {
            (1, [[(140, 40), (140, 240)]]),
            (7, [[(80, 50), (200, 50), (120, 240)]]),
            (0, [Ellipse(140, 140, 60, 95)]),
            (4, [[(150, 40), (80, 170), (200, 170)], [(165, 100), (165, 245)]]),
        };

        foreach (var (digit, strokes) in cases)
        {
            await page.ClearAsync();
            await page.DrawAsync(strokes);
            var answer = await page.ClassifyAsync();
            output.WriteLine($"drew {digit}, the page shows {answer.Digit} ({string.Join(" ", answer.Scores.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))})");
            Assert.Equal(digit.ToString(CultureInfo.InvariantCulture), answer.Digit);
        }
        Assert.Empty(page.Browser.Errors);
    }

    [Fact]
    public async Task Classify_on_an_empty_pad_asks_for_a_drawing_and_sends_nothing()
    {
        await using var browser = await BrowserSession.OpenAsync(server.BaseAddress);
        await browser.Page.ClearAsync();
        var answer = await browser.Page.ClassifyAsync();
        Assert.Equal("?", answer.Digit);
        Assert.Equal("Draw a digit first.", answer.Status);
    }

    static (double X, double Y)[] Ellipse(double cx, double cy, double rx, double ry) =>
        Enumerable.Range(0, 41).Select(i => (cx + rx * Math.Sin(i * Math.PI / 20), cy - ry * Math.Cos(i * Math.PI / 20))).ToArray();
}
