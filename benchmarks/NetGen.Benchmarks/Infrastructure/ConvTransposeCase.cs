using NetGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// One transposed-convolution layer (<see cref="DecoderUpK4"/>, <see cref="DecoderUpK3"/>): 64x28x28 to 32x56x56, batch
/// 1, one thread. FLOPs = 2 x the layer's multiply-adds in NetGen's Summary (input units x output maps x kernel taps,
/// every product including those that land in the cropped padding, as PyTorch's and ONNX's FLOP counters count a
/// transposed convolution; the bias not counted). A forward+backward operation counts 3x (forward, input gradient,
/// weight gradient). Shown in the summary as e.g. "k4 s2 p1 b1 1T".
/// </summary>
public sealed record ConvTransposeCase(int Kernel, int OutputPadding) : IThroughputCase, IComparable<ConvTransposeCase>, IComparable
{
    public const int InMaps = 64, OutMaps = 32, Stride = 2, Pad = 1;

    public static ConvTransposeCase Kernel4 { get; } = new(4, 0);
    public static ConvTransposeCase Kernel3 { get; } = new(3, 1);
    public static IEnumerable<ConvTransposeCase> All => [Kernel4, Kernel3];

    public int Batch => 1;
    public int Threads => 1;

    public NetworkSummary Summary => Kernel == 4 ? DecoderUpK4.Summary : DecoderUpK3.Summary;

    public INetwork CreateNetGen(int seed) => Kernel == 4 ? new DecoderUpK4(seed) : new DecoderUpK3(seed);

    /// <summary>nn.ConvTranspose2d with the same geometry, as the child "up" of a Sequential (NetGen's tensor names up.weight, up.bias).</summary>
    public nn.Module<Tensor, Tensor> CreateTorch() => nn.Sequential(("up",
        nn.ConvTranspose2d(InMaps, OutMaps, Kernel, stride: Stride, padding: Pad, output_padding: OutputPadding)));

    public double ForwardFlopsPerImage => 2.0 * ImageNetCase.CountedMultiplyAdds(Summary);

    public int CompareTo(ConvTransposeCase? other) => other is null ? 1 : other.Kernel.CompareTo(Kernel);

    public int CompareTo(object? obj) => CompareTo(obj as ConvTransposeCase);

    public override string ToString() => $"k{Kernel} s{Stride} p{Pad}{(OutputPadding > 0 ? $" op{OutputPadding}" : "")} b{Batch} {Threads}T";
}
