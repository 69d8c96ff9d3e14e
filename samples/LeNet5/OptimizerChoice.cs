using System.Globalization;
using NetGen.Optimizers;

namespace NetGen.Samples.LeNet5;

/// <summary>The optimizers the sample offers (--optimizer).</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum and L2 weight decay: the measured recipes of the README.</summary>
    Sgd,
    /// <summary>torch.optim.Adam: L2 weight decay added to the gradient.</summary>
    Adam,
    /// <summary>torch.optim.AdamW: decoupled weight decay.</summary>
    AdamW,
}

public static class OptimizerChoice
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>PyTorch's default learning rate for Adam and AdamW, the sample's when --lr is not given.</summary>
    public const float AdamLearningRate = 1e-3f;
    /// <summary>PyTorch's default weight decay for AdamW (Adam's is 0).</summary>
    public const float AdamWWeightDecay = 1e-2f;

    /// <summary>The --lr default: the variant's SGD rate, or PyTorch's 1e-3 for Adam and AdamW.</summary>
    public static float DefaultLearningRate(OptimizerKind kind, RecipeDefaults variant) => kind == OptimizerKind.Sgd ? variant.LearningRate : AdamLearningRate;

    /// <summary>The --weight-decay default: the variant's for SGD, 0 for Adam, 0.01 for AdamW (PyTorch's defaults).</summary>
    public static float DefaultWeightDecay(OptimizerKind kind, RecipeDefaults variant) => kind switch
    {
        OptimizerKind.Sgd => variant.WeightDecay,
        OptimizerKind.Adam => 0f,
        _ => AdamWWeightDecay,
    };

    public static IOptimizer Create(INetwork network, RunOptions o)
    {
        var schedule = Schedules.Create(o.Schedule, o.LearningRate, o.Epochs);
        return o.Optimizer switch
        {
            OptimizerKind.Sgd => new SgdOptimizer(network, new SgdOptions { Schedule = schedule, Momentum = o.Momentum, WeightDecay = o.WeightDecay }),
            OptimizerKind.Adam => new AdamOptimizer(network, new AdamOptions { Schedule = schedule, WeightDecay = o.WeightDecay }),
            _ => new AdamWOptimizer(network, new AdamWOptions { Schedule = schedule, WeightDecay = o.WeightDecay }),
        };
    }

    /// <summary>The optimizer line of the run's settings.</summary>
    public static string Describe(RunOptions o)
    {
        string rate = $"lr {o.LearningRate.ToString(C)} ({o.Schedule} schedule)";
        string clip = o.MaxGradientNorm is { } max ? $", gradient clipped to norm {max.ToString(C)}" : "";
        return o.Optimizer switch
        {
            OptimizerKind.Sgd => $"SGD, {rate}, momentum {o.Momentum.ToString(C)}, weight decay {o.WeightDecay.ToString(C)}{clip}",
            OptimizerKind.Adam => $"Adam, {rate}, betas (0.9, 0.999), eps 1e-8, L2 weight decay {o.WeightDecay.ToString(C)}{clip}",
            _ => $"AdamW, {rate}, betas (0.9, 0.999), eps 1e-8, decoupled weight decay {o.WeightDecay.ToString(C)}{clip}",
        };
    }
}
