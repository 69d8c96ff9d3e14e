namespace NetGen.Generator.Model
{
    internal enum LayerKind { Conv, Subsample, MaxPool, AvgPool, Dense, Rbf, Softmax, LocalResponseNorm, Dropout, GlobalAvgPool, BatchNorm,
        /// <summary>Adds a second input (a residual shortcut) to the first, then the activation. Only blocks make it.</summary>
        Add,
        Upsample,
        LeakyRelu,
        /// <summary>Log-softmax output (OutputRoom).</summary>
        LogSoftmax,
        /// <summary>A standalone activation ([Activation], and the split-off part of a fused one that reads its input).</summary>
        Activation,
        /// <summary>Blocks: attributes that expand into several layers.</summary>
        Residual, Inception, Fire,
        /// <summary>The input times a second input of its shape or of one value per map (broadcast). Only blocks make it.</summary>
        Mul,
        /// <summary>Blocks of the mobile networks (Layers/MobileBlockRooms.cs).</summary>
        SqueezeExcite, InvertedResidual,
        /// <summary>ShuffleNetV2 (Layers/ShuffleRooms.cs): the shuffle, the split's copy of a map range (only blocks make it), the unit.</summary>
        ChannelShuffle, ChannelSlice, ShuffleUnit,
        /// <summary>A transposed convolution (Layers/ConvTransposeRoom.cs).</summary>
        ConvTranspose,
        /// <summary>DenseNet's blocks (Layers/DenseBlockRooms.cs) and the concatenation its dense blocks chain (Layers/ConcatRoom.cs).</summary>
        DenseBlock, Transition, Concat }

    /// <summary>Mirrors NetGen.Activation (the runtime enum), by value.</summary>
    internal enum ActivationKind
    {
        Identity = 0, Sigmoid = 1, Tanh = 2, ScaledTanh = 3, ReLU = 4,
        LeakyRelu = 5, Elu = 6, Selu = 7, Celu = 8, Softplus = 9, Softsign = 10, Relu6 = 11, Hardsigmoid = 12,
        Gelu = 13, GeluTanh = 14, Silu = 15, Mish = 16, Hardswish = 17, Prelu = 18,
    }

    /// <summary>Mirrors NetGen.Padding, by value.</summary>
    internal enum PaddingMode { Valid = 0, Same = 1, Full = 2 }
}
