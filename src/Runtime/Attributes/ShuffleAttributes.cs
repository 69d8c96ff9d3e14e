namespace NetGen;

/// <summary>
/// ShuffleNet's channel shuffle (Zhang et al. 2018; PyTorch's <c>nn.ChannelShuffle</c> and torchvision's
/// <c>channel_shuffle</c>): the C input maps viewed as [groups][C / groups] are transposed to [C / groups][groups], so
/// output map <c>k * groups + j</c> is input map <c>j * (C / groups) + k</c>. ONNX: Reshape to [N, groups, C / groups, H, W],
/// Transpose (0, 2, 1, 3, 4), Reshape back. A permutation of whole maps: the backward pass applies the inverse. groups
/// must divide the input's maps (NG0048).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ChannelShuffleAttribute(int groups) : LayerAttribute
{
    public int Groups { get; } = groups;
}

/// <summary>
/// A ShuffleNetV2 unit (Ma et al. 2018; torchvision's <c>InvertedResidual</c> of <c>shufflenetv2.py</c>) with
/// <paramref name="maps"/> output maps, half from each branch. <see cref="Stride"/> 1: the input (which must have
/// <paramref name="maps"/> maps, NG0049) is split into two halves (<c>x.chunk(2, dim=1)</c>); the first passes unchanged,
/// the second goes through branch2. Stride 2: branch1 (depthwise 3x3 stride 2 + BN, 1x1 + BN + ReLU) and branch2 both read
/// the whole input. branch2: 1x1 + BN + ReLU, depthwise 3x3 (stride, pad 1) + BN, 1x1 + BN + ReLU; the convolutions have
/// no bias; the batch norms use epsilon 1e-5, momentum 0.1. The two halves are concatenated (first half first), then
/// channel-shuffled with 2 groups. maps must be even (NG0048). Layers follow torchvision's state-dict names:
/// NAME.branch1.0 .1 .2 .3, NAME.branch2.0 .1 .3 .4 .5 .6; the split halves are NAME.split1 and NAME.split2 (copies,
/// ONNX Slice), the shuffle NAME_shuffle (no parameters).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ShuffleUnitAttribute(int maps) : LayerAttribute
{
    public int Maps { get; } = maps;
    /// <summary>1 (split, the shape is kept) or 2 (both branches, the size halves as PyTorch's floor rounding gives).</summary>
    public int Stride { get; set; } = 1;
}
