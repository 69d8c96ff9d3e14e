namespace NetGen;

/// <summary>Deterministic parameter initialization used by the generated <c>InitializeParameters(seed)</c>.</summary>
public static class Initialization
{
    /// <summary>A seeded generator; the same seed gives the same parameters on every machine.</summary>
    public static Random CreateRandom(int seed) => new(seed);

    /// <summary>
    /// Fills weights uniformly with a scale that fits the activation that follows:
    /// He (sqrt(6/fanIn)) for ReLU, LeCun (sqrt(3/fanIn), unit variance through scaled tanh) for scaled tanh,
    /// Glorot/Xavier (sqrt(6/(fanIn+fanOut))) otherwise. The activations PyTorch's nn.init.calculate_gain names besides
    /// ReLU get its gain g in g sqrt(3/fanIn) (kaiming_uniform_'s bound): LeakyRelu (the fused slope 0.01)
    /// sqrt(2/(1 + 0.01^2)), Selu 3/4.
    /// </summary>
    public static void Weights(Span<float> weights, int fanIn, int fanOut, Activation activation, Random random)
    {
        double limit = activation switch
        {
            Activation.ReLU => Math.Sqrt(6.0 / fanIn),
            Activation.ScaledTanh => Math.Sqrt(3.0 / fanIn),
            Activation.LeakyRelu => Math.Sqrt(2.0 / (1 + 0.01 * 0.01)) * Math.Sqrt(3.0 / fanIn),
            Activation.Selu => 0.75 * Math.Sqrt(3.0 / fanIn),
            _ => Math.Sqrt(6.0 / (fanIn + fanOut)),
        };
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (float)((random.NextDouble() * 2 - 1) * limit);
    }

    /// <summary>
    /// RBF centres: +1/-1 bitmaps. With 84 inputs (7x12, LeCun's F6) and up to 10 classes, the stylized digit
    /// glyphs of <see cref="RbfGlyphs"/>; otherwise random +1/-1 codes from <paramref name="random"/>.
    /// </summary>
    public static void RbfCentres(Span<float> centres, int classes, int inputs, Random random)
    {
        if (inputs == RbfGlyphs.Width * RbfGlyphs.Height && classes <= RbfGlyphs.Digits.Count)
        {
            for (int c = 0; c < classes; c++)
                RbfGlyphs.Code(c).CopyTo(centres.Slice(c * inputs, inputs));
            return;
        }
        for (int i = 0; i < centres.Length; i++)
            centres[i] = random.Next(2) == 0 ? -1f : 1f;
    }
}
