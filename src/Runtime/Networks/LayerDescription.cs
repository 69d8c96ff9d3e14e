namespace NetGen;

/// <summary>The kind of a layer, as the generator understood the attribute.</summary>
public enum LayerType
{
    Conv, Subsample, MaxPool, AvgPool, Dense, Rbf, Softmax, LocalResponseNorm, Dropout, GlobalAvgPool, BatchNorm,
    /// <summary>Adds a second input (a residual shortcut, <see cref="LayerDescription.Input2"/>) to the first, then the activation.</summary>
    Add,
    /// <summary>Nearest-neighbour upsampling by <see cref="LayerDescription.Kernel"/>.</summary>
    Upsample,
    /// <summary>The leaky rectifier, its slope in <see cref="LayerDescription.Alpha"/>.</summary>
    LeakyRelu,
    /// <summary>Log-softmax over the flattened input (the last layer).</summary>
    LogSoftmax,
    /// <summary>
    /// A standalone activation: <see cref="LayerDescription.Activation"/> applied to the input; Elu's and Celu's alpha or
    /// LeakyRelu's slope in <see cref="LayerDescription.Alpha"/>; Prelu's slopes are its weights (one per channel).
    /// </summary>
    Activation,
    /// <summary>
    /// The input times a second input (<see cref="LayerDescription.Input2"/>) of the same shape or of one value per map
    /// ([C,1,1], broadcast over each map as PyTorch and ONNX's Mul do): squeeze-and-excitation's scaling.
    /// </summary>
    Mul,
    /// <summary>ShuffleNet's channel shuffle with <see cref="LayerDescription.Groups"/> groups (a permutation of whole maps).</summary>
    ChannelShuffle,
    /// <summary>
    /// A copy of the input's maps [<see cref="LayerDescription.Kernel"/>, Kernel + OutChannels) (PyTorch's
    /// <c>x.narrow(1, start, length)</c>, one half of <c>chunk</c>; ONNX's Slice on axis 1): ShuffleNetV2's channel split.
    /// </summary>
    ChannelSlice,
    /// <summary>
    /// A transposed convolution (PyTorch's nn.ConvTranspose2d, ONNX's ConvTranspose), weight [InChannels,
    /// OutChannels/Groups, kH, kW]. <see cref="LayerDescription.Window"/> always holds its window: kernel, strides,
    /// pads top and left (cut off the full output), pads bottom and right minus the output padding (negative where the
    /// output padding exceeds the pad: rows and columns added, holding the bias only), dilations.
    /// </summary>
    ConvTranspose,
    /// <summary>
    /// The input and a second input (<see cref="LayerDescription.Input2"/>, OutChannels - InChannels maps of the same size)
    /// concatenated along the maps, in that order (torch.cat dim 1, ONNX Concat axis 1); no second input: a copy of the
    /// input. DenseNet's dense blocks chain them; the generated code writes them in place, so they cost nothing.
    /// </summary>
    Concat,
}

/// <summary>
/// Everything that defines one layer of a generated network: kind, shapes, hyper-parameters and where its
/// parameters sit in the flat <see cref="INetwork.Parameters"/>. Exporters (ONNX) and tools read it instead of
/// parsing <see cref="INetwork.Architecture"/>.
/// </summary>
/// <param name="Inputs">
/// For convolutions with a connection table or groups: the input maps of each output map, in weight-block order
/// (output map o's blocks are consecutive); null when every input feeds every output.
/// </param>
/// <param name="Kernel">Convolution kernel, pooling/subsampling window or LRN size.</param>
/// <param name="Pool">
/// A max or mean pool's whole geometry when it is not the square, floor-rounded, padding-counted pool of Kernel, Stride
/// and Pad (rectangular windows, CeilMode, CountIncludePad = false); read it through <see cref="PoolGeometry.Of"/>.
/// </param>
/// <param name="Window">
/// A convolution whose window is rectangular, padded unevenly or dilated: the whole window (then Kernel, Stride and Pad
/// hold the height's and the top's values); null when Kernel, Stride and Pad describe it.
/// </param>
/// <param name="WeightOffset">First weight in the flat parameters (-1 when none); the bias follows the weights.</param>
public sealed record LayerDescription(
    string Name,
    LayerType Type,
    Activation Activation,
    int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth,
    int Kernel, int Stride, int Pad, int Groups,
    int[][]? Inputs,
    int WeightOffset, int WeightCount, int BiasOffset, int BiasCount,
    bool Trainable,
    double Alpha = 0, double Beta = 0, double K = 0, double Rate = 0,
    string? Input = null, string? Input2 = null, int OutChannelOffset = 0, int StateOffset = -1, double Epsilon = 0,
    PoolGeometry? Pool = null,
    ConvWindow? Window = null)
{
    /// <summary>The name <see cref="Input"/> or <see cref="Input2"/> holds for the network's input (no layer can be named so).</summary>
    public const string NetworkInput = "(input)";
}
// Input: the layer whose output this layer reads: null for the previous layer (the network input for the first layer),
// NetworkInput for the network input, or a block's name for an inception block's concatenation.
// OutChannelOffset: where this layer's maps start in its output (a slice of an inception block's concatenation).
