namespace NetGen.Generator.Model
{
    internal enum LayerKind { Conv, Subsample, MaxPool, AvgPool, Dense, Rbf, Softmax, LocalResponseNorm, Dropout, GlobalAvgPool }

    /// <summary>Mirrors NetGen.Activation (the runtime enum), by value.</summary>
    internal enum ActivationKind { Identity = 0, Sigmoid = 1, Tanh = 2, ScaledTanh = 3, ReLU = 4 }

    /// <summary>Mirrors NetGen.Padding, by value.</summary>
    internal enum PaddingMode { Valid = 0, Same = 1, Full = 2 }
}
