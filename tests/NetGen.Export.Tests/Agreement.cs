namespace NetGen.Export.Tests;

/// <summary>
/// How far ONNX Runtime's outputs are from NetGen's, element by element over a batch:
/// abs = |onnx - netgen|, rel = abs / max(|netgen|, Floor). Floor keeps an output that happens to be near zero
/// from turning a 1e-8 absolute difference into a huge ratio; for |netgen| above Floor rel is the plain relative error.
/// </summary>
public readonly record struct Agreement(double MaxAbsolute, double MaxRelative, double MaxPlainRelative, int Elements)
{
    public const double Floor = 1e-3;

    public static Agreement Measure(float[][] netgen, float[][] onnx)
    {
        double maxAbs = 0, maxRel = 0, maxPlain = 0;
        int elements = 0;
        for (int n = 0; n < netgen.Length; n++)
        {
            Assert.Equal(netgen[n].Length, onnx[n].Length);
            for (int i = 0; i < netgen[n].Length; i++)
            {
                double expected = netgen[n][i], actual = onnx[n][i];
                Assert.False(double.IsNaN(actual) || double.IsInfinity(actual), $"ONNX output [{n}][{i}] is {actual}.");
                double abs = Math.Abs(actual - expected);
                maxAbs = Math.Max(maxAbs, abs);
                maxRel = Math.Max(maxRel, abs / Math.Max(Math.Abs(expected), Floor));
                if (expected != 0) maxPlain = Math.Max(maxPlain, abs / Math.Abs(expected));
                elements++;
            }
        }
        return new Agreement(maxAbs, maxRel, maxPlain, elements);
    }

    public override string ToString() =>
        $"max abs {MaxAbsolute:E2}, max rel {MaxRelative:E2} (floor {Floor:G}), max plain rel {MaxPlainRelative:E2} over {Elements} outputs";
}
