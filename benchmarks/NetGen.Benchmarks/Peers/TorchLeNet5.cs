using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The libtorch peer: <see cref="LeNet5Bench"/> as an ordinary TorchSharp module (Conv2d, AvgPool2d, Tanh, Linear),
/// as a PyTorch user would write it. Parameter order and layout equal NetGen's, so a flat NetGen parameter span can be
/// copied in (<see cref="LoadFlat"/>).
/// </summary>
public sealed class TorchLeNet5 : nn.Module<Tensor, Tensor>
{
    // Field names become the registered parameter names (c1.weight, c1.bias, ...); the order is the declaration order.
    readonly Conv2d c1 = nn.Conv2d(1, 6, 5);
    readonly AvgPool2d s2 = nn.AvgPool2d(2);
    readonly Conv2d c3 = nn.Conv2d(6, 16, 5);
    readonly AvgPool2d s4 = nn.AvgPool2d(2);
    readonly Conv2d c5 = nn.Conv2d(16, 120, 5);
    readonly Linear f6 = nn.Linear(120, 84);
    readonly Linear output = nn.Linear(84, 10);
    readonly Tanh tanh = nn.Tanh();

    public TorchLeNet5() : base(nameof(TorchLeNet5)) => RegisterComponents();

    /// <summary>[N,1,32,32] to [N,10] logits.</summary>
    public override Tensor forward(Tensor x)
    {
        x = s2.forward(tanh.forward(c1.forward(x)));
        x = s4.forward(tanh.forward(c3.forward(x)));
        x = tanh.forward(c5.forward(x)).flatten(1);
        x = tanh.forward(f6.forward(x));
        return output.forward(x);
    }

    /// <summary>The parameters in registration order: c1.weight, c1.bias, c3.weight, ..., output.bias.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Ordered => named_parameters().ToList();

    /// <summary>Copies a flat parameter vector in NetGen's layout into the module (see <see cref="TorchFlat"/>).</summary>
    public void LoadFlat(ReadOnlySpan<float> flat, IReadOnlyList<int> tensorLengths) => TorchFlat.Load(this, flat, tensorLengths);

    /// <summary>All parameters, flat, in NetGen's layout.</summary>
    public float[] ToFlat() => TorchFlat.ToFlat(this);
}

/// <summary>The TorchSharp training step: zero_grad, forward, cross_entropy (batch mean), backward, SGD(momentum).</summary>
public sealed class TorchTrainer : IDisposable
{
    readonly optim.Optimizer _optimizer;

    public TorchTrainer(nn.Module<Tensor, Tensor> model, float learningRate, float momentum)
    {
        Model = model;
        _optimizer = optim.SGD(model.parameters(), learningRate, momentum);
    }

    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>One step on <paramref name="input"/> [N,C,H,W] and <paramref name="target"/> [N] (int64); returns the loss.</summary>
    public float Step(Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(Model.forward(input), target);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Logits for <paramref name="input"/> without autograd; the caller disposes them (or runs in a dispose scope).</summary>
    public static Tensor Infer(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        using var noGrad = no_grad();
        return model.forward(input);
    }

    public void Dispose() => _optimizer.Dispose();
}
