namespace NetGen.Numerics.Tests;

/// <summary>
/// Batch norm: y = f(weight (x - mean) / sqrt(var + eps) + bias). Per sample it uses the running statistics; a batch
/// with <see cref="BatchStatistics"/> set uses the batch's own mean and (biased) variance over samples and positions,
/// and <see cref="MoveRunningStatistics"/> then moves the running ones toward them as PyTorch does (unbiased variance).
/// </summary>
public sealed class RefBatchNorm(Activation act, Func<double[]> state, int stateOffset, double eps = 1e-5, double momentum = 0.1) : RefLayer
{
    private double[] _x = [], _u = [];
    public override int ParameterCount => 2 * InC;
    /// <summary>Whether <see cref="ForwardBatch"/> normalizes by the batch's statistics (training) or the running ones.</summary>
    public bool BatchStatistics { get; set; }
    private int Hw => InH * InW;
    private double Inverse(int c) => 1 / Math.Sqrt(state()[stateOffset + InC + c] + eps);

    public override double[] Forward(double[] x, double[] p)
    {
        _x = x;
        _u = new double[x.Length];
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i / Hw;
            _u[i] = p[Offset + c] * (x[i] - state()[stateOffset + c]) * Inverse(c) + p[Offset + InC + c];
            y[i] = F(act, _u[i]);
        }
        return y;
    }

    public override double[] Backward(double[] dy, double[] p, double[] dp)
    {
        var dx = new double[_x.Length];
        for (int i = 0; i < _x.Length; i++)
        {
            int c = i / Hw;
            double du = dy[i] * DF(act, _u[i]);
            dp[Offset + c] += du * (_x[i] - state()[stateOffset + c]) * Inverse(c);
            dp[Offset + InC + c] += du;
            dx[i] = du * p[Offset + c] * Inverse(c);
        }
        return dx;
    }

    private double[] _mean = [], _variance = [];
    private double[][] _xhat = [], _ub = [];

    public override double[][] ForwardBatch(double[][] x, double[] p)
    {
        if (!BatchStatistics) return base.ForwardBatch(x, p);
        int n = x.Length * Hw;
        _mean = new double[InC];
        _variance = new double[InC];
        for (int c = 0; c < InC; c++)
        {
            int channel = c;
            _mean[c] = x.Sum(s => s.Skip(channel * Hw).Take(Hw).Sum()) / n;
            _variance[c] = x.Sum(s => s.Skip(channel * Hw).Take(Hw).Sum(v => (v - _mean[channel]) * (v - _mean[channel]))) / n;
        }
        _xhat = x.Select(s => s.Select((v, i) => (v - _mean[i / Hw]) / Math.Sqrt(_variance[i / Hw] + eps)).ToArray()).ToArray();
        _ub = _xhat.Select(s => s.Select((v, i) => p[Offset + i / Hw] * v + p[Offset + InC + i / Hw]).ToArray()).ToArray();
        return _ub.Select(s => s.Select(u => F(act, u)).ToArray()).ToArray();
    }

    public override double[][] BackwardBatch(double[][] dy, double[] p, double[] dp)
    {
        if (!BatchStatistics) return base.BackwardBatch(dy, p, dp);
        int n = dy.Length * Hw;
        var du = dy.Select((s, k) => s.Select((g, i) => g * DF(act, _ub[k][i])).ToArray()).ToArray();
        var dx = du.Select(s => new double[s.Length]).ToArray();
        for (int c = 0; c < InC; c++)
        {
            double sum = 0, sumXhat = 0;
            for (int k = 0; k < du.Length; k++)
                for (int i = c * Hw; i < (c + 1) * Hw; i++) { sum += du[k][i]; sumXhat += du[k][i] * _xhat[k][i]; }
            dp[Offset + c] += sumXhat;
            dp[Offset + InC + c] += sum;
            // d xhat/dx through the batch mean and variance: dx = g (du - mean(du) - xhat mean(du xhat)).
            double g = p[Offset + c] / Math.Sqrt(_variance[c] + eps);
            for (int k = 0; k < du.Length; k++)
                for (int i = c * Hw; i < (c + 1) * Hw; i++)
                    dx[k][i] = g * (du[k][i] - sum / n - _xhat[k][i] * sumXhat / n);
        }
        return dx;
    }

    /// <summary>After a batch on batch statistics: running = running + momentum (batch - running), variance unbiased.</summary>
    public void MoveRunningStatistics(int batch)
    {
        int n = batch * Hw;
        var s = state();
        for (int c = 0; c < InC; c++)
        {
            s[stateOffset + c] += momentum * (_mean[c] - s[stateOffset + c]);
            s[stateOffset + InC + c] += momentum * (_variance[c] * n / (n - 1) - s[stateOffset + InC + c]);
        }
    }
}
