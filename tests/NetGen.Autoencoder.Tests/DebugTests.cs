using NetGen.Samples.Autoencoder;
namespace NetGen.Autoencoder.Tests;
public class DebugTests
{
    [Fact]
    public void Debug()
    {
        var net = new ConvAutoencoder(1);
        var rnd = new Random(1);
        var img = new float[784];
        for (int i = 0; i < 784; i++) img[i] = (i / 28 is > 8 and < 20 && i % 28 is > 10 and < 16) ? 1f : 0f;
        var outp = new float[784]; var g = new float[784];
        var loss = new NetGen.Losses.ReconstructionLoss();
        foreach (var isa in new[]{Isa.Scalar, Isa.Vector256, Isa.Vector512})
        {
            net.Isa = isa;
            net.Gradients.Clear();
            net.Forward(img, outp);
            float l = loss.Compute(outp, img, g);
            net.Backward(g);
            double norm = 0; foreach (var v in net.Gradients) norm += v * v;
            Console.WriteLine($"{isa} loss {l} out[0] {outp[0]} gradnorm {Math.Sqrt(norm)} nan {net.Gradients.ToArray().Count(float.IsNaN)}");
        }
        for (int step = 0; step < 20; step++)
        {
            net.Gradients.Clear();
            net.Forward(img, outp);
            float l = loss.Compute(outp, img, g);
            net.Backward(g);
            var p = net.Parameters; var gr = net.Gradients;
            for (int i = 0; i < p.Length; i++) p[i] -= 0.1f * gr[i];
            Console.WriteLine($"step {step} loss {l} p nan {net.Parameters.ToArray().Count(float.IsNaN)} maxp {net.Parameters.ToArray().Max(Math.Abs)}");
        }
    }
}
