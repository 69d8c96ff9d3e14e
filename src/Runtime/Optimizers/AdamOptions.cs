namespace NetGen.Optimizers;

/// <summary>
/// Hyper-parameters shared by <see cref="AdamOptimizer"/> and <see cref="AdamWOptimizer"/>, with PyTorch's defaults
/// (<c>torch.optim.Adam</c>/<c>AdamW</c>: lr 1e-3, betas (0.9, 0.999), eps 1e-8, amsgrad off). The coefficients are
/// doubles, as PyTorch's are Python floats: 1 - beta2 is then 0.001 as PyTorch computes it, not 1 - 0.999f.
/// </summary>
public abstract record AdamFamilyOptions
{
    public ILearningRateSchedule Schedule { get; init; } = new ConstantSchedule(1e-3f);
    /// <summary>Decay of the first moment (the running mean of the gradient), in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment (the running mean of the squared gradient), in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the square root of the bias-corrected second moment, 0 or more.</summary>
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>0 or more; how it applies is the optimizer's (L2 for Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>AMSGrad (Reddi et al. 2018): divide by the largest second moment seen so far (buffer <c>max_exp_avg_sq</c>).</summary>
    public bool AmsGrad { get; init; }

    internal void Check()
    {
        if (!(Beta1 >= 0 && Beta1 < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must be in [0, 1).");
        if (!(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must be in [0, 1).");
        if (!(Epsilon >= 0))
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be 0 or more.");
        if (!(WeightDecay >= 0))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be 0 or more.");
    }
}

/// <summary>Hyper-parameters of <see cref="AdamOptimizer"/>: PyTorch's defaults, weight decay 0 (an L2 term added to the gradient).</summary>
public sealed record AdamOptions : AdamFamilyOptions;

/// <summary>Hyper-parameters of <see cref="AdamWOptimizer"/>: PyTorch's defaults, weight decay 1e-2 (decoupled from the gradient).</summary>
public sealed record AdamWOptions : AdamFamilyOptions
{
    public AdamWOptions() => WeightDecay = 1e-2;
}
