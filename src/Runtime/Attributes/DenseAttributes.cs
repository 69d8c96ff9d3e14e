namespace NetGen;

/// <summary>
/// A DenseNet dense block (Huang et al. 2017, DenseNet-BC; torchvision's <c>_DenseBlock</c>): <paramref name="layers"/>
/// dense layers, each reading the concatenation (along the maps, torch.cat dim 1) of the block's input and every earlier
/// layer's output, and adding <paramref name="growthRate"/> maps. A dense layer is pre-activation: batch norm and ReLU,
/// a 1x1 convolution to <see cref="BottleneckWidth"/> x growthRate maps, batch norm and ReLU, a 3x3 convolution (padding
/// 1) to growthRate maps; no biases. The block's output is the input and all layers' outputs concatenated in that order:
/// input maps + layers x growthRate. Layers are named NAME.denselayerL.norm1, .conv1, .norm2, .conv2 (L from 1), as in
/// torchvision's state dict; the concatenations are parameterless layers NAME.denselayerL.cat and NAME.cat.
/// Batch norms use PyTorch's defaults (epsilon 1e-5, momentum 0.1); torchvision's drop_rate (0 by default) is not modelled.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseBlockAttribute(int layers, int growthRate) : LayerAttribute
{
    public int Layers { get; } = layers;
    public int GrowthRate { get; } = growthRate;
    /// <summary>The bottleneck's maps as a multiple of the growth rate (torchvision's bn_size); default 4.</summary>
    public int BottleneckWidth { get; set; } = 4;
}

/// <summary>
/// A DenseNet transition (torchvision's <c>_Transition</c>): batch norm and ReLU, a 1x1 convolution to
/// <paramref name="maps"/> maps (no bias; DenseNet-BC halves the maps), then 2x2 average pooling with stride 2 (PyTorch's
/// floor rounding: an odd last row or column is dropped). Layers NAME.norm, NAME.conv, NAME.pool. The maps may not exceed
/// the input's: a transition compresses (the paper's compression factor is at most 1).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TransitionAttribute(int maps) : LayerAttribute
{
    public int Maps { get; } = maps;
}
