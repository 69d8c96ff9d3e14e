namespace NetGen.Numerics.Tests;

/// <summary>
/// A plain, obviously-correct double-precision model of each layer kind, written straight from the lecture's
/// formulas with naive loops. Parameters use NetGen's canonical flat layout (weights then bias per layer).
/// It shares no code with the generator; <see cref="ReferenceCheckTests"/> checks it by finite differences.
/// </summary>
public abstract class RefLayer
{
    public int InC, InH, InW, OutC, OutH, OutW, Offset;
    public abstract int ParameterCount { get; }
    public int InLength => InC * InH * InW;
    public int OutLength => OutC * OutH * OutW;

    /// <summary>Output for input x; keeps what Backward needs.</summary>
    public abstract double[] Forward(double[] x, double[] p);
    /// <summary>dE/dx for dE/dy of the last Forward; ADDS dE/dp into dp.</summary>
    public abstract double[] Backward(double[] dy, double[] p, double[] dp);

    private RefLayer[] _samples = [];

    /// <summary>
    /// A whole batch: per sample, unless the layer mixes samples (batch norm on batch statistics). Each sample's
    /// Forward state is kept in a shallow copy of the layer (every Forward assigns fresh arrays, never writes in place).
    /// </summary>
    public virtual double[][] ForwardBatch(double[][] x, double[] p)
    {
        _samples = new RefLayer[x.Length];
        var y = new double[x.Length][];
        for (int s = 0; s < x.Length; s++)
        {
            y[s] = Forward(x[s], p);
            _samples[s] = (RefLayer)MemberwiseClone();
        }
        return y;
    }

    /// <summary>dE/dx per sample for dE/dy of the last ForwardBatch; ADDS dE/dp (summed over the batch) into dp.</summary>
    public virtual double[][] BackwardBatch(double[][] dy, double[] p, double[] dp) =>
        dy.Select((g, s) => _samples[s].Backward(g, p, dp)).ToArray();

    protected static double F(Activation a, double u) => RefActivations.F(a, u, RefActivations.Fused(a));

    /// <summary>f'(u), from the pre-activation (the generated code uses the output instead).</summary>
    protected static double DF(Activation a, double u) => RefActivations.DF(a, u, RefActivations.Fused(a));
}

/// <summary>Cross-correlation with stride, zero padding and an optional table (rows = inputs, columns = outputs).</summary>
public sealed class RefConv(int maps, int k, Activation act, int stride, int pad, string[]? table, bool bias = true) : RefLayer
{
    private double[] _x = [], _u = [];
    private List<(int o, int i)> Pairs()
    {
        var pairs = new List<(int, int)>();
        for (int o = 0; o < OutC; o++)
            for (int i = 0; i < InC; i++)
                if (table is null || table[i][o] == 'X') pairs.Add((o, i));
        return pairs; // ordered by output map, then input map: the weight blocks' order
    }

    public void Resolve()
    {
        OutC = maps;
        OutH = (InH + 2 * pad - k) / stride + 1;
        OutW = (InW + 2 * pad - k) / stride + 1;
    }

    public override int ParameterCount => Pairs().Count * k * k + (bias ? maps : 0);

    private double In(double[] x, int i, int y, int xx) =>
        y < 0 || y >= InH || xx < 0 || xx >= InW ? 0 : x[(i * InH + y) * InW + xx];

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _u = new double[OutLength];
        var pairs = Pairs();
        int biasAt = Offset + pairs.Count * k * k;
        var y = new double[OutLength];
        for (int o = 0; o < OutC; o++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    double u = bias ? p[biasAt + o] : 0;
                    for (int c = 0; c < pairs.Count; c++)
                    {
                        if (pairs[c].o != o) continue;
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                                u += p[Offset + (c * k + ky) * k + kx] * In(x, pairs[c].i, oy * stride - pad + ky, ox * stride - pad + kx);
                    }
                    int at = (o * OutH + oy) * OutW + ox;
                    _u[at] = u;
                    y[at] = F(act, u);
                }
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var pairs = Pairs();
        int biasAt = Offset + pairs.Count * k * k;
        var dx = new double[InLength];
        for (int o = 0; o < OutC; o++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    int at = (o * OutH + oy) * OutW + ox;
                    double du = dy[at] * DF(act, _u[at]);
                    if (bias) dp[biasAt + o] += du;
                    for (int c = 0; c < pairs.Count; c++)
                    {
                        if (pairs[c].o != o) continue;
                        int i = pairs[c].i;
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                            {
                                int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                                int w = Offset + (c * k + ky) * k + kx;
                                dp[w] += du * In(_x, i, iy, ix);
                                if (iy >= 0 && iy < InH && ix >= 0 && ix < InW)
                                    dx[(i * InH + iy) * InW + ix] += du * p[w];
                            }
                    }
                }
        return dx;
    }
}

/// <summary>Windows per map: LeNet subsampling (coefficient * sum + bias, then f), mean or max pooling.</summary>
public sealed class RefPool(string kind, int size, int stride, Activation act, int pad = 0) : RefLayer
{
    private double[] _x = [], _u = [];
    public void Resolve()
    {
        OutC = InC;
        OutH = (InH + 2 * pad - size) / stride + 1;
        OutW = (InW + 2 * pad - size) / stride + 1;
    }
    public override int ParameterCount => kind == "sub" ? 2 * InC : 0;

    /// <summary>The window's input indices; -1 for a padded position (-infinity for max, 0 for mean).</summary>
    private IEnumerable<int> Window(int m, int oy, int ox)
    {
        for (int py = 0; py < size; py++)
            for (int px = 0; px < size; px++)
            {
                int y = oy * stride + py - pad, x = ox * stride + px - pad;
                yield return y < 0 || y >= InH || x < 0 || x >= InW ? -1 : (m * InH + y) * InW + x;
            }
    }

    private double At(double[] x, int i) => i >= 0 ? x[i] : kind == "max" ? double.NegativeInfinity : 0;

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _u = new double[OutLength];
        var y = new double[OutLength];
        for (int m = 0; m < OutC; m++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    int at = (m * OutH + oy) * OutW + ox;
                    var values = Window(m, oy, ox).Select(i => At(x, i)).ToArray();
                    if (kind == "max") y[at] = values.Max();
                    else if (kind == "avg") y[at] = values.Average();
                    else
                    {
                        _u[at] = p[Offset + m] * values.Sum() + p[Offset + InC + m];
                        y[at] = F(act, _u[at]);
                    }
                }
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[InLength];
        for (int m = 0; m < OutC; m++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    int at = (m * OutH + oy) * OutW + ox;
                    var window = Window(m, oy, ox).ToArray();
                    if (kind == "max")
                    {
                        int best = window[0];
                        foreach (int i in window) if (At(_x, i) > At(_x, best)) best = i;
                        if (best >= 0) dx[best] += dy[at];
                    }
                    else if (kind == "avg")
                    {
                        foreach (int i in window) if (i >= 0) dx[i] += dy[at] / (size * size);
                    }
                    else
                    {
                        double du = dy[at] * DF(act, _u[at]);
                        dp[Offset + m] += du * window.Sum(i => _x[i]);
                        dp[Offset + InC + m] += du;
                        foreach (int i in window) dx[i] += du * p[Offset + m];
                    }
                }
        return dx;
    }
}

/// <summary>Full connection over the flattened input: y = f(W x + b).</summary>
public sealed class RefDense(int units, Activation act) : RefLayer
{
    private double[] _x = [], _u = [];
    public override int ParameterCount => units * InLength + units;

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _u = new double[units];
        var y = new double[units];
        for (int o = 0; o < units; o++)
        {
            double u = p[Offset + units * InLength + o];
            for (int i = 0; i < InLength; i++) u += p[Offset + o * InLength + i] * x[i];
            _u[o] = u;
            y[o] = F(act, u);
        }
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[InLength];
        for (int o = 0; o < units; o++)
        {
            double du = dy[o] * DF(act, _u[o]);
            dp[Offset + units * InLength + o] += du;
            for (int i = 0; i < InLength; i++)
            {
                dp[Offset + o * InLength + i] += du * _x[i];
                dx[i] += du * p[Offset + o * InLength + i];
            }
        }
        return dx;
    }
}

/// <summary>Euclidean RBF units y_c = sum_j (x_j - w_cj)^2.</summary>
public sealed class RefRbf(int classes, bool trainable) : RefLayer
{
    private double[] _x = [];
    public override int ParameterCount => classes * InLength;

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        var y = new double[classes];
        for (int c = 0; c < classes; c++)
            for (int j = 0; j < InLength; j++)
                y[c] += Math.Pow(x[j] - p[Offset + c * InLength + j], 2);
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[InLength];
        for (int c = 0; c < classes; c++)
            for (int j = 0; j < InLength; j++)
            {
                double diff = _x[j] - p[Offset + c * InLength + j];
                dx[j] += dy[c] * 2 * diff;
                if (trainable) dp[Offset + c * InLength + j] -= dy[c] * 2 * diff;
            }
        return dx;
    }
}

/// <summary>y = softmax(x).</summary>
public sealed class RefSoftmax : RefLayer
{
    private double[] _y = [];
    public override int ParameterCount => 0;

    public override double[] Forward(double[] x, double[] p)
    {
        double max = x.Max();
        var e = x.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return _y = e.Select(v => v / sum).ToArray();
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[_y.Length];
        for (int i = 0; i < _y.Length; i++)
            for (int j = 0; j < _y.Length; j++)
                dx[i] += dy[j] * _y[j] * ((i == j ? 1 : 0) - _y[i]); // dy_j/dx_i = y_j (delta_ij - y_i)
        return dx;
    }
}

/// <summary>y = log_softmax(x) = x - log(sum e^x), in double from the definition.</summary>
public sealed class RefLogSoftmax : RefLayer
{
    private double[] _softmax = [];
    public override int ParameterCount => 0;

    public override double[] Forward(double[] x, double[] p)
    {
        double max = x.Max();
        double logSum = max + Math.Log(x.Sum(v => Math.Exp(v - max)));
        _softmax = x.Select(v => Math.Exp(v - logSum)).ToArray();
        return x.Select(v => v - logSum).ToArray();
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[dy.Length];
        for (int i = 0; i < dy.Length; i++)
            for (int j = 0; j < dy.Length; j++)
                dx[i] += dy[j] * ((i == j ? 1 : 0) - _softmax[i]); // dy_j/dx_i = delta_ij - softmax_i
        return dx;
    }
}

/// <summary>Local response normalization: y_c = x_c / (k + alpha/n * sum of x_j^2, j in [c - n/2, c + (n-1)/2])^beta.</summary>
public sealed class RefLrn(int n, double alpha, double beta, double k) : RefLayer
{
    private double[] _x = [];
    public override int ParameterCount => 0;
    private int Hw => InH * InW;
    private double S(double[] x, int c, int p)
    {
        double sum = 0;
        for (int j = Math.Max(0, c - n / 2); j <= Math.Min(InC - 1, c + (n - 1) / 2); j++) sum += x[j * Hw + p] * x[j * Hw + p];
        return k + alpha / n * sum;
    }

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        var y = new double[x.Length];
        for (int c = 0; c < InC; c++)
            for (int q = 0; q < Hw; q++)
                y[c * Hw + q] = x[c * Hw + q] * Math.Pow(S(x, c, q), -beta);
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        // dy_j/dx_i = [i == j] s_j^-beta - beta x_j s_j^(-beta-1) * (alpha/n) * 2 x_i  for i in the window of j
        var dx = new double[_x.Length];
        for (int j = 0; j < InC; j++)
            for (int q = 0; q < Hw; q++)
            {
                double s = S(_x, j, q), g = dy[j * Hw + q];
                dx[j * Hw + q] += g * Math.Pow(s, -beta);
                for (int i = Math.Max(0, j - n / 2); i <= Math.Min(InC - 1, j + (n - 1) / 2); i++)
                    dx[i * Hw + q] -= g * beta * _x[j * Hw + q] * Math.Pow(s, -beta - 1) * alpha / n * 2 * _x[i * Hw + q];
            }
        return dx;
    }
}

/// <summary>Dropout in inference mode: the identity.</summary>
public sealed class RefIdentity : RefLayer
{
    public override int ParameterCount => 0;
    public override double[] Forward(double[] x, double[] p) => (double[])x.Clone();
    public override double[] Backward(double[] dy, double[] p, double[] dp) => (double[])dy.Clone();
}

/// <summary>
/// A standalone activation (LeakyReLU, GELU, ...; PReLU with one learned slope per channel, PyTorch's weight [C]):
/// elementwise, the gradient from the input as PyTorch's backward kernels.
/// </summary>
public sealed class RefActivation(Activation f, double argument) : RefLayer
{
    private double[] _x = [];
    public override int ParameterCount => f == Activation.Prelu ? InC : 0;
    private double Argument(double[] p, int i) => f == Activation.Prelu ? p[Offset + i / (InH * InW)] : argument;
    public override double[] Forward(double[] x, double[] p)
    {
        _x = (double[])x.Clone();
        return x.Select((u, i) => RefActivations.F(f, u, Argument(p, i))).ToArray();
    }
    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        if (f == Activation.Prelu)
            for (int i = 0; i < _x.Length; i++)
                if (!(_x[i] > 0)) dp[Offset + i / (InH * InW)] += dy[i] * _x[i];
        return dy.Select((d, i) => d * RefActivations.DF(f, _x[i], Argument(p, i))).ToArray();
    }
}

/// <summary>Each map's mean.</summary>
public sealed class RefGlobalAvgPool : RefLayer
{
    public override int ParameterCount => 0;
    public override double[] Forward(double[] x, double[] p) =>
        Enumerable.Range(0, InC).Select(c => x.Skip(c * InH * InW).Take(InH * InW).Average()).ToArray();
    public override double[] Backward(double[] dy, double[] p, double[] dp) =>
        Enumerable.Range(0, InLength).Select(i => dy[i / (InH * InW)] / (InH * InW)).ToArray();
}

/// <summary>Dropout while training, with a given mask (0 or 1/(1 - rate) per unit): y = x * mask.</summary>
public sealed class RefMask(double[] mask) : RefLayer
{
    public override int ParameterCount => 0;
    public override double[] Forward(double[] x, double[] p) => x.Select((v, i) => v * mask[i]).ToArray();
    public override double[] Backward(double[] dy, double[] p, double[] dp) => dy.Select((v, i) => v * mask[i]).ToArray();
}

/// <summary>A residual block: ReLU(main(x) + shortcut(x)), the shortcut the identity when it has no layers.</summary>
public sealed class RefResidual(List<RefLayer> main, List<RefLayer> shortcut) : RefLayer
{
    private double[] _sum = [];
    public override int ParameterCount => main.Concat(shortcut).Sum(l => l.ParameterCount);

    public override double[] Forward(double[] x, double[] p)
    {
        var a = main.Aggregate(x, (v, l) => l.Forward(v, p));
        var b = shortcut.Aggregate(x, (v, l) => l.Forward(v, p));
        _sum = a.Zip(b, (u, v) => u + v).ToArray();
        return _sum.Select(u => Math.Max(0, u)).ToArray();
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var du = dy.Select((g, i) => _sum[i] > 0 ? g : 0).ToArray();
        var da = Enumerable.Reverse(main).Aggregate(du, (g, l) => l.Backward(g, p, dp));
        var db = Enumerable.Reverse(shortcut).Aggregate(du, (g, l) => l.Backward(g, p, dp));
        return da.Zip(db, (u, v) => u + v).ToArray();
    }

    private double[][] _sums = [];

    public override double[][] ForwardBatch(double[][] x, double[] p)
    {
        var a = main.Aggregate(x, (v, l) => l.ForwardBatch(v, p));
        var b = shortcut.Aggregate(x, (v, l) => l.ForwardBatch(v, p));
        _sums = a.Select((s, k) => s.Zip(b[k], (u, v) => u + v).ToArray()).ToArray();
        return _sums.Select(s => s.Select(u => Math.Max(0, u)).ToArray()).ToArray();
    }

    public override double[][] BackwardBatch(double[][] dy, double[] p, double[] dp)
    {
        var du = dy.Select((s, k) => s.Select((g, i) => _sums[k][i] > 0 ? g : 0).ToArray()).ToArray();
        var da = Enumerable.Reverse(main).Aggregate(du, (g, l) => l.BackwardBatch(g, p, dp));
        var db = Enumerable.Reverse(shortcut).Aggregate(du, (g, l) => l.BackwardBatch(g, p, dp));
        return da.Select((s, k) => s.Zip(db[k], (u, v) => u + v).ToArray()).ToArray();
    }

    /// <summary>The layers inside the block (for switching its batch norms to batch statistics).</summary>
    public IEnumerable<RefLayer> Inner => main.Concat(shortcut);
}

/// <summary>Branches on the same input, outputs concatenated along the maps.</summary>
public sealed class RefConcat(List<List<RefLayer>> branches) : RefLayer
{
    public override int ParameterCount => branches.SelectMany(b => b).Sum(l => l.ParameterCount);

    public override double[] Forward(double[] x, double[] p) =>
        branches.SelectMany(b => b.Aggregate(x, (v, l) => l.Forward(v, p))).ToArray();

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[InLength];
        int at = 0;
        foreach (var branch in branches)
        {
            int length = branch[^1].OutLength;
            var g = Enumerable.Reverse(branch).Aggregate(dy.Skip(at).Take(length).ToArray(), (d, l) => l.Backward(d, p, dp));
            for (int i = 0; i < dx.Length; i++) dx[i] += g[i];
            at += length;
        }
        return dx;
    }

    public override double[][] ForwardBatch(double[][] x, double[] p)
    {
        var outputs = branches.Select(b => b.Aggregate(x, (v, l) => l.ForwardBatch(v, p))).ToArray();
        return x.Select((_, s) => outputs.SelectMany(o => o[s]).ToArray()).ToArray();
    }

    public override double[][] BackwardBatch(double[][] dy, double[] p, double[] dp)
    {
        var dx = dy.Select(_ => new double[InLength]).ToArray();
        int at = 0;
        foreach (var branch in branches)
        {
            int length = branch[^1].OutLength, start = at;
            var slice = dy.Select(g => g.Skip(start).Take(length).ToArray()).ToArray();
            var g = Enumerable.Reverse(branch).Aggregate(slice, (d, l) => l.BackwardBatch(d, p, dp));
            for (int s = 0; s < dx.Length; s++)
                for (int i = 0; i < InLength; i++) dx[s][i] += g[s][i];
            at += length;
        }
        return dx;
    }

    /// <summary>The layers inside the branches.</summary>
    public IEnumerable<RefLayer> Inner => branches.SelectMany(b => b);
}

/// <summary>Nearest-neighbour upsampling: y[c][y][x] = x[c][y/f][x/f].</summary>
public sealed class RefUpsample(int f) : RefLayer
{
    public override int ParameterCount => 0;
    public void Resolve() => (OutC, OutH, OutW) = (InC, InH * f, InW * f);
    private int Source(int i)
    {
        int c = i / (OutH * OutW), y = i / OutW % OutH, x = i % OutW;
        return (c * InH + y / f) * InW + x / f;
    }
    public override double[] Forward(double[] x, double[] p) => Enumerable.Range(0, OutLength).Select(i => x[Source(i)]).ToArray();
    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[InLength];
        for (int i = 0; i < OutLength; i++) dx[Source(i)] += dy[i];
        return dx;
    }
}

/// <summary>
/// A convolution with learned connections: u_o = b_o + sum over i of alpha_oi (x_i * k_oi), alpha_o = softmax(c_o).
/// Parameters: weights [out][in][k][k], bias [out], logits c [out][in].
/// </summary>
public sealed class RefLearnedConv(int maps, int k, Activation act, int stride, int pad) : RefLayer
{
    private double[] _x = [], _u = [], _alpha = [];
    public void Resolve()
    {
        OutC = maps;
        OutH = (InH + 2 * pad - k) / stride + 1;
        OutW = (InW + 2 * pad - k) / stride + 1;
    }
    public override int ParameterCount => maps * InC * k * k + maps + maps * InC;
    private int W(int o, int i, int ky, int kx) => Offset + ((o * InC + i) * k + ky) * k + kx;
    private int B(int o) => Offset + maps * InC * k * k + o;
    private int L(int o, int i) => Offset + maps * InC * k * k + maps + o * InC + i;
    private double In(double[] x, int i, int y, int xx) => y < 0 || y >= InH || xx < 0 || xx >= InW ? 0 : x[(i * InH + y) * InW + xx];

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _alpha = new double[maps * InC];
        for (int o = 0; o < maps; o++)
        {
            double max = Enumerable.Range(0, InC).Max(i => p[L(o, i)]);
            double sum = Enumerable.Range(0, InC).Sum(i => Math.Exp(p[L(o, i)] - max));
            for (int i = 0; i < InC; i++) _alpha[o * InC + i] = Math.Exp(p[L(o, i)] - max) / sum;
        }
        _u = new double[OutLength];
        var y = new double[OutLength];
        for (int o = 0; o < maps; o++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    double u = p[B(o)];
                    for (int i = 0; i < InC; i++)
                    {
                        double conv = 0;
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                                conv += p[W(o, i, ky, kx)] * In(x, i, oy * stride - pad + ky, ox * stride - pad + kx);
                        u += _alpha[o * InC + i] * conv;
                    }
                    int at = (o * OutH + oy) * OutW + ox;
                    _u[at] = u;
                    y[at] = F(act, u);
                }
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[InLength];
        var dAlpha = new double[maps * InC];
        for (int o = 0; o < maps; o++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    int at = (o * OutH + oy) * OutW + ox;
                    double du = dy[at] * DF(act, _u[at]);
                    dp[B(o)] += du;
                    for (int i = 0; i < InC; i++)
                    {
                        double a = _alpha[o * InC + i];
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                            {
                                int iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
                                double xv = In(_x, i, iy, ix);
                                dp[W(o, i, ky, kx)] += du * a * xv;
                                dAlpha[o * InC + i] += du * p[W(o, i, ky, kx)] * xv;
                                if (iy >= 0 && iy < InH && ix >= 0 && ix < InW) dx[(i * InH + iy) * InW + ix] += du * a * p[W(o, i, ky, kx)];
                            }
                    }
                }
        // Through the softmax: dc_oi = sum over j of dalpha_oj * alpha_oj (delta_ij - alpha_oi).
        for (int o = 0; o < maps; o++)
            for (int i = 0; i < InC; i++)
                for (int j = 0; j < InC; j++)
                    dp[L(o, i)] += dAlpha[o * InC + j] * _alpha[o * InC + j] * ((i == j ? 1 : 0) - _alpha[o * InC + i]);
        return dx;
    }
}

/// <summary>
/// The activations in double precision, written from PyTorch's definitions (fused defaults: LeakyReLU slope 0.01 as the
/// float the generated code holds, ELU and CELU alpha 1), with the derivative from the PRE-activation u, as PyTorch's
/// backward kernels define it at the kinks. <see cref="ReferenceCheckTests"/> checks them by finite differences through
/// the networks that use them; <see cref="LaneProperties"/> measures the float lane math against them.
/// </summary>
public static class RefActivations
{
    public const double SeluAlpha = 1.6732632423543772848170429916717, SeluScale = 1.0507009873554804934193349852946;

    /// <summary>The argument a fused activation has: PyTorch's defaults.</summary>
    public static double Fused(Activation a) => a == Activation.LeakyRelu ? 0.01f : 1;

    public static double F(Activation a, double u, double arg) => a switch
    {
        Activation.Identity => u,
        Activation.Sigmoid => Sigmoid(u),
        Activation.Tanh => Math.Tanh(u),
        Activation.ScaledTanh => 1.7159 * Math.Tanh(2.0 / 3.0 * u),
        Activation.ReLU => Math.Max(0, u),
        Activation.LeakyRelu or Activation.Prelu => u > 0 ? u : arg * u,
        Activation.Elu => u > 0 ? u : arg * (Math.Exp(u) - 1),
        Activation.Selu => SeluScale * (u > 0 ? u : SeluAlpha * (Math.Exp(u) - 1)),
        Activation.Celu => u > 0 ? u : arg * (Math.Exp(u / arg) - 1),
        Activation.Softplus => u > 20 ? u : Softplus(u),
        Activation.Softsign => u / (1 + Math.Abs(u)),
        Activation.Relu6 => Math.Min(Math.Max(u, 0), 6),
        Activation.Hardsigmoid => Math.Min(Math.Max(u + 3, 0), 6) / 6,
        Activation.Gelu => 0.5 * u * (1 + Erf(u / Math.Sqrt(2))),
        Activation.GeluTanh => 0.5 * u * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u))),
        Activation.Silu => u * Sigmoid(u),
        Activation.Mish => u * Math.Tanh(Softplus(u)),
        Activation.Hardswish => u * Math.Min(Math.Max(u + 3, 0), 6) / 6,
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    /// <summary>f'(u), from the pre-activation.</summary>
    public static double DF(Activation a, double u, double arg)
    {
        switch (a)
        {
            case Activation.Identity: return 1;
            case Activation.Sigmoid: return Sigmoid(u) * (1 - Sigmoid(u));
            case Activation.Tanh: return 1 - Math.Tanh(u) * Math.Tanh(u);
            case Activation.ScaledTanh: return 1.7159 * 2.0 / 3.0 * (1 - Math.Pow(Math.Tanh(2.0 / 3.0 * u), 2));
            case Activation.ReLU: return u > 0 ? 1 : 0;
            case Activation.LeakyRelu or Activation.Prelu: return u > 0 ? 1 : arg;
            case Activation.Elu: return u > 0 ? 1 : arg * Math.Exp(u);
            case Activation.Selu: return u > 0 ? SeluScale : SeluScale * SeluAlpha * Math.Exp(u);
            case Activation.Celu: return u > 0 ? 1 : Math.Exp(u / arg);
            case Activation.Softplus: return u > 20 ? 1 : Sigmoid(u);
            case Activation.Softsign: return 1 / ((1 + Math.Abs(u)) * (1 + Math.Abs(u)));
            case Activation.Relu6: return u > 0 && u < 6 ? 1 : 0;
            case Activation.Hardsigmoid: return u > -3 && u < 3 ? 1.0 / 6 : 0;
            case Activation.Gelu: return 0.5 * (1 + Erf(u / Math.Sqrt(2))) + u * Math.Exp(-u * u / 2) / Math.Sqrt(2 * Math.PI);
            case Activation.GeluTanh:
                double t = Math.Tanh(Math.Sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u));
                return 0.5 * (1 + t) + 0.5 * u * (1 - t * t) * Math.Sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * u * u);
            case Activation.Silu: return Sigmoid(u) * (1 + u * (1 - Sigmoid(u)));
            case Activation.Mish:
                double ts = Math.Tanh(Softplus(u));
                return ts + u * Sigmoid(u) * (1 - ts * ts);
            case Activation.Hardswish: return u < -3 ? 0 : u <= 3 ? u / 3 + 0.5 : 1;
            default: throw new ArgumentOutOfRangeException(nameof(a));
        }
    }

    public static double Sigmoid(double u) => 1 / (1 + Math.Exp(-u));

    /// <summary>ln(1 + e^u) without overflow.</summary>
    public static double Softplus(double u) => u > 0 ? u + Math.Log(1 + Math.Exp(-u)) : Math.Log(1 + Math.Exp(u));

    /// <summary>
    /// erf in double (the BCL has none): its Maclaurin series below |x| = 2.5 (terms to 1e-17, the largest term about 40,
    /// so about 1e-15 absolute), else 1 - erfc from the continued fraction erfc(x) = e^-x^2 / sqrt(pi) / (x + 1/2 / (x + 1 / (x + 3/2 / ...))).
    /// </summary>
    public static double Erf(double x)
    {
        if (x < 0) return -Erf(-x);
        if (x < 2.5)
        {
            double sum = 0, term = x;  // term = (-1)^n x^(2n+1) / n!
            for (int n = 0; n < 100 && Math.Abs(term) > 1e-18; n++)
            {
                sum += term / (2 * n + 1);
                term *= -x * x / (n + 1);
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }
        double fraction = x;
        for (int k = 120; k >= 1; k--) fraction = x + k / 2.0 / fraction;
        return 1 - Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }
}

/// <summary>
/// Max or mean pooling as PyTorch's max_pool2d/avg_pool2d define them (dilation 1), written from their rules with no
/// padded copy: per axis out = floor or ceil((in + 2p - k) / s) + 1, less one under ceil mode when the last window would
/// start at or past in + p. Max: the first maximum of the window's cells inside the input. Mean: the sum of those cells
/// over the count of window cells inside [-p, in + p) (count_include_pad) or inside the input.
/// </summary>
public sealed class RefWindowPool(bool max, int kh, int kw, int sh, int sw, int ph, int pw, bool ceil, bool countPad = true) : RefLayer
{
    private double[] _x = [];
    public override int ParameterCount => 0;

    private static int Out(int n, int k, int s, int p, bool ceil)
    {
        int span = n + 2 * p - k;
        int o = (ceil ? (int)Math.Ceiling(span / (double)s) : span / s) + 1;
        return ceil && (o - 1) * s >= n + p ? o - 1 : o;
    }

    public void Resolve() => (OutC, OutH, OutW) = (InC, Out(InH, kh, sh, ph, ceil), Out(InW, kw, sw, pw, ceil));

    /// <summary>The window's cells inside the input, row-major, and its divisor.</summary>
    private (List<int> Cells, int Count) Window(int m, int oy, int ox)
    {
        int y0 = oy * sh - ph, x0 = ox * sw - pw;
        var cells = new List<int>();
        int counted = 0;
        for (int y = y0; y < y0 + kh; y++)
            for (int x = x0; x < x0 + kw; x++)
            {
                bool inside = y >= 0 && y < InH && x >= 0 && x < InW;
                if (inside) cells.Add((m * InH + y) * InW + x);
                if (countPad ? y >= -ph && y < InH + ph && x >= -pw && x < InW + pw : inside) counted++;
            }
        return (cells, counted);
    }

    private int Argmax(List<int> cells)
    {
        int best = cells[0];
        foreach (int i in cells) if (_x[i] > _x[best]) best = i;
        return best;
    }

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        var y = new double[OutLength];
        for (int m = 0; m < OutC; m++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    var (cells, count) = Window(m, oy, ox);
                    y[(m * OutH + oy) * OutW + ox] = max ? x[Argmax(cells)] : cells.Sum(i => x[i]) / count;
                }
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[InLength];
        for (int m = 0; m < OutC; m++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                {
                    var (cells, count) = Window(m, oy, ox);
                    double d = dy[(m * OutH + oy) * OutW + ox];
                    if (max) dx[Argmax(cells)] += d;
                    else foreach (int i in cells) dx[i] += d / count;
                }
        return dx;
    }
}

/// <summary>
/// nn.Conv2d / ONNX Conv with every window parameter per axis, straight from the definition: output (oy, ox) of map o
/// sums weight[o][i'][ky][kx] * x[i][oy*sh - pt + ky*dh][ox*sw - pl + kx*dw] over the group's input maps (zero outside
/// the input); extents floor((in + pt + pb - dh*(kh-1) - 1) / sh) + 1. Weights [maps][in/groups][kh][kw], then biases.
/// </summary>
public sealed class RefConvWindow(int maps, int kh, int kw, Activation act, int sh, int sw, int pt, int pl, int pb, int pr,
    int dh = 1, int dw = 1, int groups = 1, bool bias = true) : RefLayer
{
    private double[] _x = [], _u = [];
    private int InPerGroup => InC / groups;

    public void Resolve()
    {
        OutC = maps;
        OutH = (InH + pt + pb - dh * (kh - 1) - 1) / sh + 1;
        OutW = (InW + pl + pr - dw * (kw - 1) - 1) / sw + 1;
    }

    public override int ParameterCount => maps * InPerGroup * kh * kw + (bias ? maps : 0);

    private int WeightAt(int o, int j, int ky, int kx) => Offset + ((o * InPerGroup + j) * kh + ky) * kw + kx;

    /// <summary>Visits every (output, input map, tap) term: at (output index, input index or -1 in the padding, weight index).</summary>
    private void Terms(Action<int, int, int> term)
    {
        int outPerGroup = maps / groups;
        for (int o = 0; o < OutC; o++)
            for (int oy = 0; oy < OutH; oy++)
                for (int ox = 0; ox < OutW; ox++)
                    for (int j = 0; j < InPerGroup; j++)
                    {
                        int i = o / outPerGroup * InPerGroup + j;
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int y = oy * sh - pt + ky * dh, x = ox * sw - pl + kx * dw;
                                int at = y < 0 || y >= InH || x < 0 || x >= InW ? -1 : (i * InH + y) * InW + x;
                                term((o * OutH + oy) * OutW + ox, at, WeightAt(o, j, ky, kx));
                            }
                    }
    }

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _u = new double[OutLength];
        int biasAt = Offset + maps * InPerGroup * kh * kw;
        for (int n = 0; n < OutLength; n++) _u[n] = bias ? p[biasAt + n / (OutH * OutW)] : 0;
        Terms((n, at, w) => { if (at >= 0) _u[n] += p[w] * x[at]; });
        return _u.Select(u => F(act, u)).ToArray();
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        int biasAt = Offset + maps * InPerGroup * kh * kw;
        var du = new double[OutLength];
        for (int n = 0; n < OutLength; n++)
        {
            du[n] = dy[n] * DF(act, _u[n]);
            if (bias) dp[biasAt + n / (OutH * OutW)] += du[n];
        }
        var dx = new double[InLength];
        Terms((n, at, w) =>
        {
            if (at < 0) return;
            dp[w] += du[n] * _x[at];
            dx[at] += du[n] * p[w];
        });
        return dx;
    }
}


/// <summary>
/// Squeeze-and-excitation: y[c][i] = x[c][i] * s[c] with s the gate layers (pool, fc1, fc2) on x; for x of [C,1,1] the
/// product is the same-shape one. dE/dx is the direct term dE/dy * s plus the gate's backward of dE/ds = sum dE/dy * x.
/// </summary>
public sealed class RefSqueezeExcite(List<RefLayer> gate) : RefLayer
{
    private double[] _x = [], _s = [];
    private double[][] _xs = [], _ss = [];
    public override int ParameterCount => gate.Sum(l => l.ParameterCount);
    private int Area => InH * InW;

    private double[] Scale(double[] x, double[] s) => x.Select((v, i) => v * s[i / Area]).ToArray();

    /// <summary>The direct term; <paramref name="ds"/> receives dE/ds.</summary>
    private double[] Direct(double[] dy, double[] x, double[] s, out double[] ds)
    {
        var sums = new double[InC];
        for (int i = 0; i < dy.Length; i++) sums[i / Area] += dy[i] * x[i];
        ds = sums;
        return dy.Select((g, i) => g * s[i / Area]).ToArray();
    }

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _s = gate.Aggregate(x, (v, l) => l.Forward(v, p));
        return Scale(x, _s);
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = Direct(dy, _x, _s, out var ds);
        var dGate = Enumerable.Reverse(gate).Aggregate(ds, (g, l) => l.Backward(g, p, dp));
        return dx.Zip(dGate, (a, b) => a + b).ToArray();
    }

    public override double[][] ForwardBatch(double[][] x, double[] p)
    {
        _xs = x;
        _ss = gate.Aggregate(x, (v, l) => l.ForwardBatch(v, p));
        return x.Select((v, k) => Scale(v, _ss[k])).ToArray();
    }

    public override double[][] BackwardBatch(double[][] dy, double[] p, double[] dp)
    {
        var ds = new double[dy.Length][];
        var dx = dy.Select((g, k) => Direct(g, _xs[k], _ss[k], out ds[k])).ToArray();
        var dGate = Enumerable.Reverse(gate).Aggregate(ds, (g, l) => l.BackwardBatch(g, p, dp));
        return dx.Select((d, k) => d.Zip(dGate[k], (a, b) => a + b).ToArray()).ToArray();
    }

    public IEnumerable<RefLayer> Inner => gate;
}

/// <summary>An inverted residual block: main(x), plus x when <paramref name="residual"/> (no activation after the sum).</summary>
public sealed class RefInvertedResidual(List<RefLayer> main, bool residual) : RefLayer
{
    public override int ParameterCount => main.Sum(l => l.ParameterCount);

    private double[] Join(double[] a, double[] x) => residual ? a.Zip(x, (u, v) => u + v).ToArray() : a;

    public override double[] Forward(double[] x, double[] p) => Join(main.Aggregate(x, (v, l) => l.Forward(v, p)), x);

    public override double[] Backward(double[] dy, double[] p, double[] dp) =>
        Join(Enumerable.Reverse(main).Aggregate(dy, (g, l) => l.Backward(g, p, dp)), dy);

    public override double[][] ForwardBatch(double[][] x, double[] p) =>
        main.Aggregate(x, (v, l) => l.ForwardBatch(v, p)).Select((a, k) => Join(a, x[k])).ToArray();

    public override double[][] BackwardBatch(double[][] dy, double[] p, double[] dp) =>
        Enumerable.Reverse(main).Aggregate(dy, (g, l) => l.BackwardBatch(g, p, dp)).Select((a, k) => Join(a, dy[k])).ToArray();

    public IEnumerable<RefLayer> Inner => main;
}

/// <summary>
/// Transposed convolution straight from PyTorch's nn.ConvTranspose2d definition: input x[c][iy][ix] adds
/// w[c][j][ky][kx] * x to output (iy*sh + ky*dh - pt, ix*sw + kx*dw - pl) of map m = group(c)*maps/groups + j, when that
/// lies inside the output; out = (in - 1)*s - padBegin - padEnd + d*(k - 1) + outputPadding + 1. Weight [in][maps/groups][kh][kw].
/// </summary>
public sealed class RefConvTranspose(int maps, int kh, int kw, Activation act, int sh, int sw, int pt, int pl, int pb, int pr,
    int oph, int opw, int dh = 1, int dw = 1, int groups = 1, bool bias = true) : RefLayer
{
    private double[] _x = [], _u = [];
    private int OutPerGroup => maps / groups;

    public void Resolve()
    {
        OutC = maps;
        OutH = (InH - 1) * sh - pt - pb + dh * (kh - 1) + oph + 1;
        OutW = (InW - 1) * sw - pl - pr + dw * (kw - 1) + opw + 1;
    }

    public override int ParameterCount => InC * OutPerGroup * kh * kw + (bias ? maps : 0);

    /// <summary>Every (output index, input index, weight index) product that lands inside the output.</summary>
    private void Terms(Action<int, int, int> term)
    {
        int inPerGroup = InC / groups;
        for (int c = 0; c < InC; c++)
            for (int j = 0; j < OutPerGroup; j++)
            {
                int m = c / inPerGroup * OutPerGroup + j;
                for (int iy = 0; iy < InH; iy++)
                    for (int ix = 0; ix < InW; ix++)
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int oy = iy * sh + ky * dh - pt, ox = ix * sw + kx * dw - pl;
                                if (oy < 0 || oy >= OutH || ox < 0 || ox >= OutW) continue;
                                term((m * OutH + oy) * OutW + ox, (c * InH + iy) * InW + ix, Offset + ((c * OutPerGroup + j) * kh + ky) * kw + kx);
                            }
            }
    }

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _u = new double[OutLength];
        int biasAt = Offset + InC * OutPerGroup * kh * kw;
        for (int n = 0; n < OutLength; n++) _u[n] = bias ? p[biasAt + n / (OutH * OutW)] : 0;
        Terms((o, i, w) => _u[o] += p[w] * x[i]);
        return _u.Select(u => F(act, u)).ToArray();
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        int biasAt = Offset + InC * OutPerGroup * kh * kw;
        var du = new double[OutLength];
        for (int n = 0; n < OutLength; n++)
        {
            du[n] = dy[n] * DF(act, _u[n]);
            if (bias) dp[biasAt + n / (OutH * OutW)] += du[n];
        }
        var dx = new double[InLength];
        Terms((o, i, w) =>
        {
            dp[w] += du[o] * _x[i];
            dx[i] += du[o] * p[w];
        });
        return dx;
    }
}
