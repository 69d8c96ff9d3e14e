using System.Collections.Concurrent;
using NetGen.Data;
using Network = NetGen.Samples.LeNet5.LeNet5;

namespace NetGen.Samples.DigitApp;

/// <summary>What the network said about one digit.</summary>
public sealed record Classification(int Digit, float[] Scores, float[] Distances);

/// <summary>
/// Classifies 28x28 digits with the LeNet-5 whose weights are compiled into this assembly. A network instance holds
/// one sample's activations, so it serves one request at a time: idle instances wait in a pool, and a request that
/// finds none makes another (<see cref="Network.Pretrained"/> decodes the embedded weights, no file I/O).
/// </summary>
public sealed class DigitClassifier
{
    readonly ConcurrentBag<Network> _idle = [Network.Pretrained()];

    /// <param name="pixels">784 values in [0, 1], row-major, 0 = background (white ink on black, as in MNIST).</param>
    public Classification Classify(float[] pixels)
    {
        var input = Prepare(pixels);
        var distances = new float[Network.OutputLength];
        var network = _idle.TryTake(out var idle) ? idle : Network.Pretrained();
        try
        {
            network.Forward(input, distances);
        }
        finally
        {
            _idle.Add(network);
        }
        var scores = ScoresFromDistances(distances);
        return new Classification(Array.IndexOf(scores, scores.Max()), scores, distances);
    }

    /// <summary>
    /// The input as training saw it: the runtime's <see cref="DataLoader"/> pads 28x28 to 32x32 and normalizes
    /// (LeCun: background -0.1, ink 1.175).
    /// </summary>
    static float[] Prepare(float[] pixels)
    {
        var loader = new DataLoader(new Dataset("request", pixels, [0], PixelRequest.Side, PixelRequest.Side),
            new DataLoaderOptions { Shuffle = false });
        var input = new float[Network.InputLength];
        loader.WriteSample(0, input);
        return input;
    }

    /// <summary>
    /// softmax(-distance): the RBF outputs are squared distances to each class's centre (lower is better), and the
    /// MAP loss LeNet-5 was trained with reads exp(-distance) as the unnormalized posterior, so this is that
    /// posterior (without the loss's rubbish class). The scores sum to 1.
    /// </summary>
    public static float[] ScoresFromDistances(ReadOnlySpan<float> distances)
    {
        float nearest = float.PositiveInfinity;
        foreach (float d in distances)
            nearest = Math.Min(nearest, d);
        var scores = new float[distances.Length];
        double sum = 0;
        for (int i = 0; i < scores.Length; i++)
            sum += scores[i] = MathF.Exp(nearest - distances[i]);
        for (int i = 0; i < scores.Length; i++)
            scores[i] = (float)(scores[i] / sum);
        return scores;
    }
}
