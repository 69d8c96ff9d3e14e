using NetGen.Data;

namespace NetGen.Samples.Classify;

/// <summary>
/// Turns any picture of a digit into LeNet-5's input the way training saw MNIST: ink as 1 and background as 0,
/// resized to 28x28, then padded to 32x32 and normalized (LeCun: background -0.1, ink 1.175) by the runtime's
/// <see cref="DataLoader"/>, so the tool and training share one preparation.
/// </summary>
public static class DigitInput
{
    public const int MnistSize = 28;

    /// <summary>Reads a PGM or PNG file, recognised by its first bytes.</summary>
    public static GrayImage Load(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        if (PngDecoder.IsPng(data))
            return PngDecoder.Decode(data);
        if (PgmReader.IsPgm(data))
            return PgmReader.Read(data);
        throw new InvalidDataException("neither a PNG nor a PGM (P2/P5) file.");
    }

    /// <summary>
    /// The network input for <paramref name="image"/>. MNIST digits are light ink on a dark background; a picture
    /// whose border is mostly light (dark ink on paper) is inverted first.
    /// </summary>
    public static float[] Prepare(GrayImage image, int inputLength)
    {
        bool darkInk = BorderMean(image) > 0.5f;
        var ink = new float[image.Pixels.Length];
        for (int i = 0; i < ink.Length; i++)
            ink[i] = darkInk ? 1f - image.Pixels[i] : image.Pixels[i];
        float[] digit = AreaResampler.Resize(ink, image.Width, image.Height, MnistSize, MnistSize);

        var loader = new DataLoader(new Dataset("input", digit, [0], MnistSize, MnistSize),
            new DataLoaderOptions { Shuffle = false });
        if (loader.InputLength != inputLength)
            throw new InvalidOperationException($"the loader makes {loader.InputLength} floats, the network takes {inputLength}.");
        var input = new float[inputLength];
        loader.WriteSample(0, input);
        return input;
    }

    static float BorderMean(GrayImage image)
    {
        double sum = 0;
        int count = 0;
        for (int x = 0; x < image.Width; x++)
        {
            sum += image[x, 0] + image[x, image.Height - 1];
            count += 2;
        }
        for (int y = 1; y < image.Height - 1; y++)
        {
            sum += image[0, y] + image[image.Width - 1, y];
            count += 2;
        }
        return (float)(sum / count);
    }
}
