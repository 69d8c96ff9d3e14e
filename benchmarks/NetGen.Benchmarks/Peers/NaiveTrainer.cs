namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The training step of the plain reference: per sample forward, softmax cross-entropy, backward (summing gradients),
/// then SGD with momentum on the mean gradient (PyTorch's convention: v = m v + g; w -= lr v). With more than one
/// thread the batch is cut into contiguous slices, one per replica (each starting from the master's parameters), and
/// the replicas' gradients are added into the master's in worker order, like NetGen's <c>Trainer</c>.
/// </summary>
public sealed class NaiveTrainer
{
    readonly NaiveLeNet5[] _workers;
    readonly float[] _velocity = new float[NaiveLeNet5.ParameterCount];
    readonly float[][] _logits, _logitGradients;
    readonly double[] _losses;
    readonly float _learningRate, _momentum;
    float[] _inputs = [];
    int[] _labels = [];
    int _count;
    readonly Action<int> _slice;

    public NaiveTrainer(NaiveLeNet5 master, int threads, float learningRate, float momentum)
    {
        _workers = new NaiveLeNet5[threads];
        _workers[0] = master;
        for (int w = 1; w < threads; w++)
            _workers[w] = new NaiveLeNet5();
        _logits = new float[threads][];
        _logitGradients = new float[threads][];
        for (int w = 0; w < threads; w++)
        {
            _logits[w] = new float[NaiveLeNet5.OutputLength];
            _logitGradients[w] = new float[NaiveLeNet5.OutputLength];
        }
        _losses = new double[threads];
        _learningRate = learningRate;
        _momentum = momentum;
        _slice = RunSlice;
    }

    public NaiveLeNet5 Network => _workers[0];

    /// <summary>One step on <paramref name="count"/> samples of <paramref name="inputs"/> (1024 floats each); returns the mean loss.</summary>
    public double Step(float[] inputs, int[] labels, int count)
    {
        (_inputs, _labels, _count) = (inputs, labels, count);
        if (_workers.Length == 1)
            RunSlice(0);
        else
            Parallel.For(0, _workers.Length, _slice);

        var master = Network.Gradients;
        double loss = _losses[0];
        for (int w = 1; w < _workers.Length; w++)
        {
            var g = _workers[w].Gradients;
            for (int i = 0; i < master.Length; i++)
                master[i] += g[i];
            loss += _losses[w];
        }

        var p = Network.Parameters;
        float scale = 1f / count;
        for (int i = 0; i < p.Length; i++)
        {
            _velocity[i] = _momentum * _velocity[i] + scale * master[i];
            p[i] -= _learningRate * _velocity[i];
        }
        return loss / count;
    }

    void RunSlice(int w)
    {
        var net = _workers[w];
        if (w > 0)
            Array.Copy(Network.Parameters, net.Parameters, NaiveLeNet5.ParameterCount);
        Array.Clear(net.Gradients);
        int start = (int)((long)_count * w / _workers.Length), end = (int)((long)_count * (w + 1) / _workers.Length);
        double loss = 0;
        for (int s = start; s < end; s++)
        {
            net.Forward(_inputs.AsSpan(s * NaiveLeNet5.InputLength, NaiveLeNet5.InputLength), _logits[w]);
            loss += SoftmaxCrossEntropy(_logits[w], _labels[s], _logitGradients[w]);
            net.Backward(_logitGradients[w]);
        }
        _losses[w] = loss;
    }

    /// <summary>E = log(sum exp z) - z_label; dE/dz = softmax(z) - onehot(label).</summary>
    public static double SoftmaxCrossEntropy(float[] logits, int label, float[] gradient)
    {
        double max = logits[0], sum = 0;
        for (int k = 1; k < logits.Length; k++)
            max = Math.Max(max, logits[k]);
        for (int k = 0; k < logits.Length; k++)
            sum += Math.Exp(logits[k] - max);
        for (int k = 0; k < logits.Length; k++)
            gradient[k] = (float)(Math.Exp(logits[k] - max) / sum) - (k == label ? 1f : 0f);
        return Math.Log(sum) + max - logits[label];
    }
}
