using NetGen.Losses;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>LogNet without its [LogSoftmax]: the same layers and parameters, ending in the seven logits.</summary>
[Network(2, 5, 6)]
[Conv(3, 3, Activation.Tanh)]
[Dense(7)]
public partial class LogNetLogits { }

/// <summary>[LogSoftmax] with <see cref="NllLoss"/> is softmax cross-entropy on the log-softmax's input, as in PyTorch.</summary>
public class LogSoftmaxLossTests
{
    [Theory]
    [InlineData(Isa.Scalar)]
    [InlineData(Isa.Vector128)]
    [InlineData(Isa.Vector256)]
    [InlineData(Isa.Vector512)]
    public void Log_softmax_with_nll_trains_as_cross_entropy_on_the_logits(Isa isa)
    {
        var withLogSoftmax = new LogNet(seed: 5) { Isa = isa };
        TestNetworks.Randomize(withLogSoftmax, seed: 9);
        var logitsOnly = new LogNetLogits(seed: 1) { Isa = isa };
        withLogSoftmax.Parameters.CopyTo(logitsOnly.Parameters);
        for (int sample = 0; sample < TestNetworks.Samples; sample++)
        {
            var x = TestNetworks.Input(withLogSoftmax, sample);
            int label = (sample * 3 + 2) % LogNet.OutputLength;

            var logProbabilities = new float[7];
            withLogSoftmax.Forward(x, logProbabilities);
            var nllGradient = new float[7];
            float nll = new NllLoss().Compute(logProbabilities, label, nllGradient);
            var nllInputGradient = new float[x.Length];
            withLogSoftmax.Gradients.Clear();
            withLogSoftmax.Backward(nllGradient, nllInputGradient);

            var logits = new float[7];
            logitsOnly.Forward(x, logits);
            var crossEntropyGradient = new float[7];
            float crossEntropy = new SoftmaxCrossEntropyLoss().Compute(logits, label, crossEntropyGradient);
            var crossEntropyInputGradient = new float[x.Length];
            logitsOnly.Gradients.Clear();
            logitsOnly.Backward(crossEntropyGradient, crossEntropyInputGradient);

            Assert.Equal(crossEntropy, nll, 1e-5f);
            Assert.Equal(LossMath.ArgMax(logits), new NllLoss().Predict(logProbabilities));
            Close.Assert(ToDouble(crossEntropyInputGradient), nllInputGradient, 1e-5, $"{isa} sample {sample}: dE/dinput");
            Close.Assert(ToDouble(logitsOnly.Gradients), withLogSoftmax.Gradients.ToArray(), 1e-5, $"{isa} sample {sample}: dE/dparameters");
        }
    }

    [Fact]
    public void Nll_is_minus_the_label_log_probability_and_its_gradient_minus_one_there()
    {
        float[] logProbabilities = [-0.5f, -1.5f, -2.25f];
        var gradient = new float[] { 9, 9, 9 };
        Assert.Equal(1.5f, new NllLoss().Compute(logProbabilities, 1, gradient));
        Assert.Equal([0f, -1f, 0f], gradient);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NllLoss().Compute(logProbabilities, 3, gradient));
    }

    private static double[] ToDouble(ReadOnlySpan<float> values) => TestNetworks.ToDouble(values);
}
