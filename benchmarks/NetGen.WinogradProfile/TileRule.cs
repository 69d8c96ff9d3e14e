using System.Globalization;
using NetGen;

namespace NetGen.WinogradProfile;

/// <summary>
/// The A/B/C triples of TileShapes.cs, interleaved round by round (so a busy machine slows all three alike): per triple
/// the medians of the convolution's forward and backward (us), the backward split as the generated Profile reports it.
/// </summary>
internal static class TileRule
{
    public static void Run(int rounds)
    {
        Triple("64x56", 3, [(x, r) => new A64x56(1).Profile(x, r), (x, r) => new B64x56(1).Profile(x, r), (x, r) => new C64x56(1).Profile(x, r)], [A64x56.InputLength, B64x56.InputLength, C64x56.InputLength], rounds);
        Triple("16x56", 10, [(x, r) => new A16x56(1).Profile(x, r), (x, r) => new B16x56(1).Profile(x, r), (x, r) => new C16x56(1).Profile(x, r)], [A16x56.InputLength, B16x56.InputLength, C16x56.InputLength], rounds);
        Triple("32x28", 20, [(x, r) => new A32x28(1).Profile(x, r), (x, r) => new B32x28(1).Profile(x, r), (x, r) => new C32x28(1).Profile(x, r)], [A32x28.InputLength, B32x28.InputLength, C32x28.InputLength], rounds);
        Triple("64x28", 10, [(x, r) => new A64x28(1).Profile(x, r), (x, r) => new B64x28(1).Profile(x, r), (x, r) => new C64x28(1).Profile(x, r)], [A64x28.InputLength, B64x28.InputLength, C64x28.InputLength], rounds);
        Triple("128x28", 3, [(x, r) => new A128x28(1).Profile(x, r), (x, r) => new B128x28(1).Profile(x, r), (x, r) => new C128x28(1).Profile(x, r)], [A128x28.InputLength, B128x28.InputLength, C128x28.InputLength], rounds);
        Triple("32x14", 40, [(x, r) => new A32x14(1).Profile(x, r), (x, r) => new B32x14(1).Profile(x, r), (x, r) => new C32x14(1).Profile(x, r)], [A32x14.InputLength, B32x14.InputLength, C32x14.InputLength], rounds);
        Triple("64x14", 20, [(x, r) => new A64x14(1).Profile(x, r), (x, r) => new B64x14(1).Profile(x, r), (x, r) => new C64x14(1).Profile(x, r)], [A64x14.InputLength, B64x14.InputLength, C64x14.InputLength], rounds);
        Triple("128x14", 10, [(x, r) => new A128x14(1).Profile(x, r), (x, r) => new B128x14(1).Profile(x, r), (x, r) => new C128x14(1).Profile(x, r)], [A128x14.InputLength, B128x14.InputLength, C128x14.InputLength], rounds);
    }

    private static void Triple(string shape, int repetitions, Func<float[], int, NetworkProfile>[] nets, int[] lengths, int rounds)
    {
        var inputs = lengths.Select(n => { var r = new Random(5); return Enumerable.Range(0, n).Select(_ => r.NextSingle()).ToArray(); }).ToArray();
        var forward = nets.Select(_ => new List<double>()).ToArray();
        var backward = nets.Select(_ => new List<double>()).ToArray();
        for (int round = -1; round < rounds; round++)
            for (int k = 0; k < 3; k++)
            {
                var profile = nets[k](inputs[k], repetitions);
                if (round < 0) continue;  // jit and warm
                forward[k].Add(profile.Layers[0].ForwardMicroseconds);
                backward[k].Add(profile.Layers[0].BackwardMicroseconds);
            }
        static double Median(List<double> v) { var s = v.OrderBy(x => x).ToArray(); return s[s.Length / 2]; }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{shape,-7} A F4/F4-grad fwd {Median(forward[0]),8:F1} bwd {Median(backward[0]),8:F1} | B F2/F2-grad fwd {Median(forward[1]),8:F1} bwd {Median(backward[1]),8:F1} | C F4/wide-grad fwd {Median(forward[2]),8:F1} bwd {Median(backward[2]),8:F1}"));
    }
}
