namespace NetGen.Generator.Model
{
    internal enum LayerKind { Conv, Subsample, MaxPool, AvgPool, Dense, Rbf, Softmax, LocalResponseNorm, Dropout, GlobalAvgPool, BatchNorm,
        /// <summary>Adds a second input (a residual shortcut) to the first, then the activation. Only blocks make it.</summary>
        Add,
        Upsample,
        LeakyRelu,
        /// <summary>Log-softmax output (OutputRoom).</summary>
        LogSoftmax,
        /// <summary>Blocks: attributes that expand into several layers.</summary>
        Residual, Inception, Fire }

    /// <summary>Mirrors NetGen.Activation (the runtime enum), by value.</summary>
    internal enum ActivationKind { Identity = 0, Sigmoid = 1, Tanh = 2, ScaledTanh = 3, ReLU = 4 }

    /// <summary>Mirrors NetGen.Padding, by value.</summary>
    internal enum PaddingMode { Valid = 0, Same = 1, Full = 2 }
}
