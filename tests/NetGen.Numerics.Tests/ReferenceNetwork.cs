namespace NetGen.Numerics.Tests;

/// <summary>A chain of reference layers, built with the same vocabulary as the attributes.</summary>
public sealed class RefNetwork(int c, int h, int w)
{
    public List<RefLayer> Layers { get; } = [];
    /// <summary>The batch norms' running statistics (mean, then variance, per layer): copy the network's State here.</summary>
    public double[] State { get; set; } = [];
    private int _stateLength;
    public int StateLength => _stateLength;
    public int InputLength => c * h * w;
    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

    private RefNetwork Add(RefLayer layer, Action<RefLayer>? resolve = null)
    {
        var last = Layers.LastOrDefault();
        (layer.InC, layer.InH, layer.InW) = last is null ? (c, h, w) : (last.OutC, last.OutH, last.OutW);
        layer.Offset = Layers.Sum(l => l.ParameterCount);
        resolve?.Invoke(layer);
        Layers.Add(layer);
        return this;
    }

    public RefNetwork Conv(int maps, int k, Activation act, int stride = 1, int pad = 0, string[]? table = null, bool bias = true) =>
        Add(new RefConv(maps, k, act, stride, pad, table, bias), l => ((RefConv)l).Resolve());
    public RefNetwork BatchNorm(Activation act, double eps = 1e-5, double momentum = 0.1) => Add(NewBatchNorm(act, eps, momentum), Same);
    public RefNetwork LearnedConv(int maps, int k, Activation act, int stride = 1, int pad = 0) =>
        Add(new RefLearnedConv(maps, k, act, stride, pad), l => ((RefLearnedConv)l).Resolve());
    public RefNetwork Upsample(int factor) => Add(new RefUpsample(factor), l => ((RefUpsample)l).Resolve());
    private RefBatchNorm NewBatchNorm(Activation act, double eps = 1e-5, double momentum = 0.1) =>
        new(act, () => State, _stateLength, eps, momentum);
    private void Same(RefLayer l)
    {
        (l.OutC, l.OutH, l.OutW) = (l.InC, l.InH, l.InW);
        if (l is RefBatchNorm) _stateLength += 2 * l.InC;
    }

    /// <summary>Places a sub-layer of a block: input shape from <paramref name="shape"/>, parameters from <paramref name="offset"/>.</summary>
    private RefLayer Sub(RefLayer layer, ref (int C, int H, int W) shape, ref int offset, Action<RefLayer> resolve)
    {
        (layer.InC, layer.InH, layer.InW) = shape;
        layer.Offset = offset;
        resolve(layer);
        offset += layer.ParameterCount;
        shape = (layer.OutC, layer.OutH, layer.OutW);
        return layer;
    }

    private (int C, int H, int W) Shape() => Layers.LastOrDefault() is { } l ? (l.OutC, l.OutH, l.OutW) : (c, h, w);
    private int NextOffset() => Layers.Sum(l => l.ParameterCount);
    private static void ResolveConv(RefLayer l) => ((RefConv)l).Resolve();

    /// <summary>A ResNet stage, as the generator's blocks are described: conv/bn pairs, projection when the shape changes.</summary>
    public RefNetwork Residual(int maps, int stride = 1, bool bottleneck = false, int repeat = 1)
    {
        int outMaps = bottleneck ? 4 * maps : maps;
        for (int b = 0; b < repeat; b++)
        {
            var x = Shape();
            int s = b == 0 ? stride : 1, offset = NextOffset();
            var shape = x;
            var main = new List<RefLayer>();
            if (bottleneck)
            {
                main.Add(Sub(new RefConv(maps, 1, Activation.Identity, s, 0, null, bias: false), ref shape, ref offset, ResolveConv));
                main.Add(Sub(NewBatchNorm(Activation.ReLU), ref shape, ref offset, Same));
                main.Add(Sub(new RefConv(maps, 3, Activation.Identity, 1, 1, null, bias: false), ref shape, ref offset, ResolveConv));
                main.Add(Sub(NewBatchNorm(Activation.ReLU), ref shape, ref offset, Same));
                main.Add(Sub(new RefConv(outMaps, 1, Activation.Identity, 1, 0, null, bias: false), ref shape, ref offset, ResolveConv));
                main.Add(Sub(NewBatchNorm(Activation.Identity), ref shape, ref offset, Same));
            }
            else
            {
                main.Add(Sub(new RefConv(maps, 3, Activation.Identity, s, 1, null, bias: false), ref shape, ref offset, ResolveConv));
                main.Add(Sub(NewBatchNorm(Activation.ReLU), ref shape, ref offset, Same));
                main.Add(Sub(new RefConv(maps, 3, Activation.Identity, 1, 1, null, bias: false), ref shape, ref offset, ResolveConv));
                main.Add(Sub(NewBatchNorm(Activation.Identity), ref shape, ref offset, Same));
            }
            var outShape = shape;
            var shortcut = new List<RefLayer>();
            if (s != 1 || x.C != outMaps)
            {
                shape = x;
                shortcut.Add(Sub(new RefConv(outMaps, 1, Activation.Identity, s, 0, null, bias: false), ref shape, ref offset, ResolveConv));
                shortcut.Add(Sub(NewBatchNorm(Activation.Identity), ref shape, ref offset, Same));
            }
            Add(new RefResidual(main, shortcut), l => (l.OutC, l.OutH, l.OutW) = outShape);
        }
        return this;
    }

    /// <summary>An inception module: 1x1; 1x1 then 3x3; 1x1 then 5x5; 3x3 max pool (stride 1, pad 1) then 1x1; concatenated.</summary>
    public RefNetwork Inception(int n1, int n3r, int n3, int n5r, int n5, int pool)
    {
        var x = Shape();
        int offset = NextOffset();
        var relu = Activation.ReLU;
        List<RefLayer> Branch(params (RefLayer Layer, Action<RefLayer> Resolve)[] layers)
        {
            var shape = x;
            return layers.Select(p => Sub(p.Layer, ref shape, ref offset, p.Resolve)).ToList();
        }
        var branches = new List<List<RefLayer>>
        {
            Branch((new RefConv(n1, 1, relu, 1, 0, null), ResolveConv)),
            Branch((new RefConv(n3r, 1, relu, 1, 0, null), ResolveConv), (new RefConv(n3, 3, relu, 1, 1, null), ResolveConv)),
            Branch((new RefConv(n5r, 1, relu, 1, 0, null), ResolveConv), (new RefConv(n5, 5, relu, 1, 2, null), ResolveConv)),
            Branch((new RefPool("max", 3, 1, Activation.Identity, pad: 1), l => ((RefPool)l).Resolve()), (new RefConv(pool, 1, relu, 1, 0, null), ResolveConv)),
        };
        return Add(new RefConcat(branches), l => (l.OutC, l.OutH, l.OutW) = (n1 + n3 + n5 + pool, x.H, x.W));
    }
    /// <summary>SqueezeNet's fire module: a 1x1 squeeze, then 1x1 and 3x3 (pad 1) expands of it, concatenated; all ReLU.</summary>
    public RefNetwork Fire(int squeeze, int e1, int e3)
    {
        Conv(squeeze, 1, Activation.ReLU);
        var x = Shape();
        int offset = NextOffset();
        var relu = Activation.ReLU;
        List<RefLayer> Branch(RefConv conv)
        {
            var shape = x;
            return [Sub(conv, ref shape, ref offset, ResolveConv)];
        }
        var branches = new List<List<RefLayer>> { Branch(new RefConv(e1, 1, relu, 1, 0, null)), Branch(new RefConv(e3, 3, relu, 1, 1, null)) };
        return Add(new RefConcat(branches), l => (l.OutC, l.OutH, l.OutW) = (e1 + e3, x.H, x.W));
    }
    /// <summary>Groups as the block-diagonal table they are: output group g sees input group g.</summary>
    public RefNetwork GroupedConv(int maps, int k, Activation act, int groups, int stride = 1, int pad = 0)
    {
        int inMaps = Layers.LastOrDefault()?.OutC ?? c;
        var table = Enumerable.Range(0, inMaps).Select(i => new string(Enumerable.Range(0, maps)
            .Select(o => o / (maps / groups) == i / (inMaps / groups) ? 'X' : ' ').ToArray())).ToArray();
        return Conv(maps, k, act, stride, pad, table);
    }
    public RefNetwork Lrn(int n, double alpha = 1e-4, double beta = 0.75, double k = 2) =>
        Add(new RefLrn(n, alpha, beta, k), l => (l.OutC, l.OutH, l.OutW) = (l.InC, l.InH, l.InW));
    public RefNetwork DropoutWithMask(double[] mask) =>
        Add(new RefMask(mask), l => (l.OutC, l.OutH, l.OutW) = (l.InC, l.InH, l.InW));
    public RefNetwork DropoutInInference() =>
        Add(new RefIdentity(), l => (l.OutC, l.OutH, l.OutW) = (l.InC, l.InH, l.InW));
    public RefNetwork LeakyRelu(double slope = 0.01f) => Activate(Activation.LeakyRelu, slope);
    /// <summary>A standalone activation; <paramref name="argument"/> is the slope, alpha or PReLU's (unused) starting slope.</summary>
    public RefNetwork Activate(Activation f, double argument = 0) =>
        Add(new RefActivation(f, argument), l => (l.OutC, l.OutH, l.OutW) = (l.InC, l.InH, l.InW));
    public RefNetwork GlobalAvgPool() =>
        Add(new RefGlobalAvgPool(), l => (l.OutC, l.OutH, l.OutW) = (l.InC, 1, 1));
    public RefNetwork Subsample(int size, Activation act, int stride = 0) =>
        Add(new RefPool("sub", size, stride == 0 ? size : stride, act), l => ((RefPool)l).Resolve());
    public RefNetwork MaxPool(int size, int stride = 0, int pad = 0) =>
        Add(new RefPool("max", size, stride == 0 ? size : stride, Activation.Identity, pad), l => ((RefPool)l).Resolve());
    public RefNetwork AvgPool(int size, int stride = 0, int pad = 0) =>
        Add(new RefPool("avg", size, stride == 0 ? size : stride, Activation.Identity, pad), l => ((RefPool)l).Resolve());
    public RefNetwork Pool(bool max, int kh, int kw, int sh, int sw, int ph, int pw, bool ceil, bool countPad = true) =>
        Add(new RefWindowPool(max, kh, kw, sh, sw, ph, pw, ceil, countPad), l => ((RefWindowPool)l).Resolve());
    public RefNetwork Dense(int units, Activation act) =>
        Add(new RefDense(units, act), l => (l.OutC, l.OutH, l.OutW) = (units, 1, 1));
    public RefNetwork Rbf(int classes, bool trainable) =>
        Add(new RefRbf(classes, trainable), l => (l.OutC, l.OutH, l.OutW) = (classes, 1, 1));
    public RefNetwork Softmax() =>
        Add(new RefSoftmax(), l => (l.OutC, l.OutH, l.OutW) = (l.InLength, 1, 1));

    public RefNetwork LogSoftmax() =>
        Add(new RefLogSoftmax(), l => (l.OutC, l.OutH, l.OutW) = (l.InLength, 1, 1));

    public double[] Forward(double[] x, double[] p)
    {
        foreach (var layer in Layers) x = layer.Forward(x, p);
        return x;
    }

    /// <summary>Returns dE/dx; adds dE/dp into <paramref name="dp"/>.</summary>
    public double[] Backward(double[] dy, double[] p, double[] dp)
    {
        for (int i = Layers.Count - 1; i >= 0; i--) dy = Layers[i].Backward(dy, p, dp);
        return dy;
    }

    /// <summary>Every layer, those inside residual blocks and inception branches included.</summary>
    public IEnumerable<RefLayer> AllLayers => Layers.SelectMany(Flatten);
    private static IEnumerable<RefLayer> Flatten(RefLayer layer) => layer switch
    {
        RefResidual r => r.Inner.SelectMany(Flatten),
        RefConcat c => c.Inner.SelectMany(Flatten),
        RefInvertedResidual b => b.Inner.SelectMany(Flatten),
        RefSqueezeExcite e => e.Inner.SelectMany(Flatten),
        RefDenseBlock d => d.Inner.SelectMany(Flatten),
        _ => [layer],
    };

    /// <summary>Batch norms normalize a batch by its own statistics (training) instead of the running ones.</summary>
    public RefNetwork WithBatchStatistics()
    {
        foreach (var bn in AllLayers.OfType<RefBatchNorm>()) bn.BatchStatistics = true;
        return this;
    }

    /// <summary>A convolution with its whole window given per axis: pads top, left, bottom, right (ONNX's order).</summary>
    public RefNetwork ConvWindow(int maps, int kh, int kw, Activation act, int sh, int sw, int pt, int pl, int pb, int pr,
        int dh = 1, int dw = 1, int groups = 1, bool bias = true) =>
        Add(new RefConvWindow(maps, kh, kw, act, sh, sw, pt, pl, pb, pr, dh, dw, groups, bias), l => ((RefConvWindow)l).Resolve());

    /// <summary>A transposed convolution: pads top, left, bottom, right cut off the full output; output padding per axis.</summary>
    public RefNetwork ConvTranspose(int maps, int kh, int kw, Activation act, int sh, int sw, int pt, int pl, int pb, int pr,
        int oph, int opw, int dh = 1, int dw = 1, int groups = 1, bool bias = true) =>
        Add(new RefConvTranspose(maps, kh, kw, act, sh, sw, pt, pl, pb, pr, oph, opw, dh, dw, groups, bias), l => ((RefConvTranspose)l).Resolve());

    public double[][] ForwardBatch(double[][] x, double[] p) => Layers.Aggregate(x, (v, l) => l.ForwardBatch(v, p));

    /// <summary>Returns dE/dx per sample; adds dE/dp, summed over the batch, into <paramref name="dp"/>.</summary>
    public double[][] BackwardBatch(double[][] dy, double[] p, double[] dp)
    {
        for (int i = Layers.Count - 1; i >= 0; i--) dy = Layers[i].BackwardBatch(dy, p, dp);
        return dy;
    }

    /// <summary>After a ForwardBatch on batch statistics: moves <see cref="State"/> as the network's batch norms do.</summary>
    public void MoveRunningStatistics(int batch)
    {
        foreach (var bn in AllLayers.OfType<RefBatchNorm>()) bn.MoveRunningStatistics(batch);
    }

    /// <summary>Squeeze-and-excitation on the current value: pool, fc1 (1x1, bias, act), fc2 (1x1, bias, gate), x * gate per map.</summary>
    public RefNetwork SqueezeExcite(int squeeze, Activation act = Activation.ReLU, Activation gate = Activation.Sigmoid)
    {
        var x = Shape();
        int offset = NextOffset();
        var se = NewSqueezeExcite(x, ref offset, squeeze, act, gate);
        return Add(se, l => (l.OutC, l.OutH, l.OutW) = x);
    }

    private RefSqueezeExcite NewSqueezeExcite((int C, int H, int W) x, ref int offset, int squeeze, Activation act, Activation gate)
    {
        var shape = x;
        var layers = new List<RefLayer>
        {
            Sub(new RefGlobalAvgPool(), ref shape, ref offset, l => (l.OutC, l.OutH, l.OutW) = (l.InC, 1, 1)),
            Sub(new RefConv(squeeze, 1, act, 1, 0, null), ref shape, ref offset, ResolveConv),
            Sub(new RefConv(x.C, 1, gate, 1, 0, null), ref shape, ref offset, ResolveConv),
        };
        var se = new RefSqueezeExcite(layers);
        (se.InC, se.InH, se.InW) = x;
        (se.OutC, se.OutH, se.OutW) = x;
        return se;
    }

    /// <summary>
    /// An inverted residual block written out: 1x1 expansion + bn + act (unless hidden == input maps), depthwise k x k
    /// (the block-diagonal table of groups = hidden) with stride and pad (k-1)/2 + bn + act, squeeze-and-excitation when
    /// <paramref name="squeeze"/> &gt; 0, 1x1 projection + bn, and the input added when stride 1 keeps the maps.
    /// </summary>
    public RefNetwork InvertedResidual(int outMaps, int k, int stride, int hidden, Activation act,
        int squeeze = 0, Activation seAct = Activation.ReLU, Activation gate = Activation.Sigmoid, double eps = 1e-5)
    {
        var x = Shape();
        int offset = NextOffset();
        var shape = x;
        var main = new List<RefLayer>();
        var none = Activation.Identity;
        if (hidden != x.C)
        {
            main.Add(Sub(new RefConv(hidden, 1, none, 1, 0, null, bias: false), ref shape, ref offset, ResolveConv));
            main.Add(Sub(NewBatchNorm(act, eps), ref shape, ref offset, Same));
        }
        var diagonal = Enumerable.Range(0, hidden).Select(i => new string(Enumerable.Range(0, hidden).Select(o => o == i ? 'X' : ' ').ToArray())).ToArray();
        main.Add(Sub(new RefConv(hidden, k, none, stride, (k - 1) / 2, diagonal, bias: false), ref shape, ref offset, ResolveConv));
        main.Add(Sub(NewBatchNorm(act, eps), ref shape, ref offset, Same));
        if (squeeze > 0) main.Add(NewSqueezeExcite(shape, ref offset, squeeze, seAct, gate));
        main.Add(Sub(new RefConv(outMaps, 1, none, 1, 0, null, bias: false), ref shape, ref offset, ResolveConv));
        main.Add(Sub(NewBatchNorm(none, eps), ref shape, ref offset, Same));
        var outShape = shape;
        return Add(new RefInvertedResidual(main, stride == 1 && x.C == outMaps), l => (l.OutC, l.OutH, l.OutW) = outShape);
    }

    public RefNetwork ChannelShuffle(int groups) => Add(new RefChannelShuffle(groups), l => (l.OutC, l.OutH, l.OutW) = (l.InC, l.InH, l.InW));

    /// <summary>
    /// A ShuffleNetV2 unit written out from torchvision: stride 1 concatenates x[:, :maps/2] and branch2(x[:, maps/2:]);
    /// stride 2 concatenates branch1(x) and branch2(x); then channel_shuffle(2). branch1: depthwise 3x3 s2 p1 + bn,
    /// 1x1 + bn + ReLU; branch2: 1x1 + bn + ReLU, depthwise 3x3 (stride) p1 + bn, 1x1 + bn + ReLU; no biases.
    /// </summary>
    public RefNetwork ShuffleUnit(int maps, int stride)
    {
        var x = Shape();
        int offset = NextOffset(), half = maps / 2;
        var none = Activation.Identity;
        var relu = Activation.ReLU;
        static string[] Diagonal(int n) => Enumerable.Range(0, n).Select(i => new string(Enumerable.Range(0, n).Select(o => o == i ? 'X' : ' ').ToArray())).ToArray();
        void Range(RefLayer l) => (l.OutC, l.OutH, l.OutW) = (((RefChannelRange)l).Count, l.InH, l.InW);
        var branches = new List<List<RefLayer>>();
        var shape = x;
        if (stride == 1)
        {
            branches.Add([Sub(new RefChannelRange(0, half), ref shape, ref offset, Range)]);
        }
        else
        {
            branches.Add([
                Sub(new RefConv(x.C, 3, none, 2, 1, Diagonal(x.C), bias: false), ref shape, ref offset, ResolveConv),
                Sub(NewBatchNorm(none), ref shape, ref offset, Same),
                Sub(new RefConv(half, 1, none, 1, 0, null, bias: false), ref shape, ref offset, ResolveConv),
                Sub(NewBatchNorm(relu), ref shape, ref offset, Same),
            ]);
        }
        shape = x;
        var second = new List<RefLayer>();
        if (stride == 1) second.Add(Sub(new RefChannelRange(half, half), ref shape, ref offset, Range));
        second.Add(Sub(new RefConv(half, 1, none, 1, 0, null, bias: false), ref shape, ref offset, ResolveConv));
        second.Add(Sub(NewBatchNorm(relu), ref shape, ref offset, Same));
        second.Add(Sub(new RefConv(half, 3, none, stride, 1, Diagonal(half), bias: false), ref shape, ref offset, ResolveConv));
        second.Add(Sub(NewBatchNorm(none), ref shape, ref offset, Same));
        second.Add(Sub(new RefConv(half, 1, none, 1, 0, null, bias: false), ref shape, ref offset, ResolveConv));
        second.Add(Sub(NewBatchNorm(relu), ref shape, ref offset, Same));
        branches.Add(second);
        var outShape = shape;
        Add(new RefConcat(branches), l => (l.OutC, l.OutH, l.OutW) = (maps, outShape.H, outShape.W));
        return ChannelShuffle(2);
    }
    /// <summary>
    /// A DenseNet dense block written out: dense layer L reads the input and the L - 1 earlier outputs concatenated, and
    /// is bn + ReLU, 1x1 conv to bottleneckWidth x growth maps (no bias), bn + ReLU, 3x3 conv pad 1 to growth maps (no bias).
    /// </summary>
    public RefNetwork DenseBlock(int layers, int growth, int bottleneckWidth = 4)
    {
        var x = Shape();
        int offset = NextOffset();
        var none = Activation.Identity;
        var dense = new List<List<RefLayer>>();
        for (int l = 0; l < layers; l++)
        {
            var shape = (x.C + l * growth, x.H, x.W);
            dense.Add([
                Sub(NewBatchNorm(Activation.ReLU), ref shape, ref offset, Same),
                Sub(new RefConv(bottleneckWidth * growth, 1, none, 1, 0, null, bias: false), ref shape, ref offset, ResolveConv),
                Sub(NewBatchNorm(Activation.ReLU), ref shape, ref offset, Same),
                Sub(new RefConv(growth, 3, none, 1, 1, null, bias: false), ref shape, ref offset, ResolveConv)]);
        }
        return Add(new RefDenseBlock(dense), l => (l.OutC, l.OutH, l.OutW) = (x.C + layers * growth, x.H, x.W));
    }

    /// <summary>A DenseNet transition: bn + ReLU, 1x1 conv (no bias), 2x2 stride-2 average pool (floor).</summary>
    public RefNetwork Transition(int maps) => BatchNorm(Activation.ReLU).Conv(maps, 1, Activation.Identity, bias: false).AvgPool(2, 2);
}

/// <summary>The reference twin of every network under test, written independently of the attributes.</summary>
public static class ReferenceNetworks
{
    public static readonly string[] LeNetTable =
    [
        "X   XXX  XXXX XX",
        "XX   XXX  XXXX X",
        "XXX   XXX  X XXX",
        " XXX  XXXX  X XX",
        "  XXX  XXXX XX X",
        "   XXX  XXXX XXX",
    ];

    public static RefNetwork LeNet5() => new RefNetwork(1, 32, 32)
        .Conv(6, 5, Activation.ScaledTanh)
        .Subsample(2, Activation.ScaledTanh)
        .Conv(16, 5, Activation.ScaledTanh, table: LeNetTable)
        .Subsample(2, Activation.ScaledTanh)
        .Conv(120, 5, Activation.ScaledTanh)
        .Dense(84, Activation.ScaledTanh)
        .Rbf(10, trainable: false);

    public static RefNetwork TableNet() => new RefNetwork(2, 10, 20)
        .Conv(3, 3, Activation.ScaledTanh)
        .Subsample(2, Activation.Tanh)
        .Conv(4, 2, Activation.Sigmoid, table: ["XX X", " XXX", "X  X"])
        .Dense(6, Activation.ReLU)
        .Rbf(3, trainable: true);

    public static RefNetwork PadNet() => new RefNetwork(2, 7, 17)
        .Conv(3, 3, Activation.ReLU, pad: 1)        // Same
        .MaxPool(3, stride: 2)
        .Conv(2, 2, Activation.Identity, pad: 1)    // Full: k - 1
        .AvgPool(2, stride: 1)
        .Dense(5, Activation.Tanh)
        .Softmax();

    public static RefNetwork StrideNet() => new RefNetwork(1, 13, 55)
        .Conv(2, 3, Activation.Tanh, stride: 3, pad: 1)
        .Conv(3, 3, Activation.Sigmoid, stride: 2)
        .Subsample(2, Activation.ScaledTanh, stride: 1)
        .Dense(4, Activation.Identity);

    public static RefNetwork BlockNet() => new RefNetwork(3, 19, 37)
        .Conv(5, 3, Activation.Tanh, pad: 1)        // Same
        .Conv(6, 7, Activation.ReLU, stride: 2, pad: 3)
        .Conv(2, 9, Activation.Sigmoid, pad: 4)     // Same
        .Conv(8, 3, Activation.Identity, bias: false)
        .Conv(5, 1, Activation.Tanh, stride: 2)
        .Dense(3, Activation.Identity);

    public static RefNetwork PoolNet() => new RefNetwork(3, 12, 36)
        .Conv(4, 3, Activation.Tanh, pad: 1)        // Same
        .MaxPool(2)
        .AvgPool(2)
        .Dense(3, Activation.Sigmoid);

    /// <param name="dropoutMask">D4's mask while training; null for inference (the identity).</param>
    public static RefNetwork ZooNet(double[]? dropoutMask = null)
    {
        var net = new RefNetwork(4, 9, 21)
            .GroupedConv(6, 3, Activation.ReLU, groups: 2, pad: 1)
            .Lrn(3)
            .GroupedConv(4, 3, Activation.Tanh, groups: 2, stride: 2);
        return (dropoutMask is null ? net.DropoutInInference() : net.DropoutWithMask(dropoutMask))
            .Lrn(4, alpha: 0.01, beta: 0.6, k: 1)
            .GlobalAvgPool()
            .Dense(3, Activation.Sigmoid);
    }

    public static RefNetwork ResTiny() => new RefNetwork(3, 10, 11)
        .Conv(4, 3, Activation.Identity, stride: 2, pad: 1, bias: false)
        .BatchNorm(Activation.ReLU)
        .MaxPool(3, stride: 1, pad: 1)
        .Residual(4, repeat: 2)
        .Residual(6, stride: 2)
        .Residual(2, bottleneck: true)
        .GlobalAvgPool()
        .Dense(5, Activation.Identity);

    public static RefNetwork InceptionTiny() => new RefNetwork(4, 8, 9)
        .Inception(2, 3, 4, 2, 3, 2)
        .AvgPool(2, pad: 1)
        .Inception(3, 2, 2, 1, 2, 1)
        .GlobalAvgPool()
        .Dense(3, Activation.Tanh);

    public static RefNetwork AutoencoderTiny() => new RefNetwork(1, 12, 18)
        .Conv(4, 3, Activation.ReLU, pad: 1)
        .MaxPool(2)
        .Conv(2, 3, Activation.Tanh, pad: 1)
        .Upsample(2)
        .Conv(3, 3, Activation.ReLU, pad: 1)
        .MaxPool(3)
        .Upsample(3)
        .Conv(1, 3, Activation.Sigmoid, pad: 1);

    public static RefNetwork LearnedNet() => new RefNetwork(3, 9, 11)
        .LearnedConv(4, 3, Activation.Tanh, pad: 1)
        .LearnedConv(2, 3, Activation.Sigmoid, stride: 2)
        .Dense(3, Activation.Identity);

    public static RefNetwork InceptionEnd() => new RefNetwork(3, 4, 5).Inception(2, 1, 3, 1, 2, 2);

    public static RefNetwork BnNet() => new RefNetwork(2, 6, 7)
        .Conv(3, 3, Activation.Identity, pad: 1, bias: false)
        .BatchNorm(Activation.ReLU, momentum: 0.2)
        .Conv(2, 3, Activation.Identity, stride: 2, bias: false)
        .BatchNorm(Activation.Identity, eps: 1e-3)
        .Dense(3, Activation.Identity);

    public static RefNetwork LrnCrossNet() => new RefNetwork(5, 3, 4)
        .Conv(6, 3, Activation.Tanh, pad: 1)
        .Lrn(5, alpha: 4, beta: 0.75, k: 1)
        .Lrn(2, alpha: 1.5, beta: 1.3, k: 0.5)
        .Dense(4, Activation.Identity);

    public static RefNetwork FireNet() => new RefNetwork(3, 6, 7)
        .Conv(4, 3, Activation.ReLU, pad: 1)
        .Fire(2, 3, 4)
        .MaxPool(2)
        .Fire(3, 2, 2)
        .Dense(3, Activation.Identity);

    public static RefNetwork LogNet() => new RefNetwork(2, 5, 6)
        .Conv(3, 3, Activation.Tanh)
        .Dense(7, Activation.Identity)
        .LogSoftmax();

    /// <summary>The slopes as the generated code holds them: floats.</summary>
    public static RefNetwork LeakyNet() => new RefNetwork(2, 8, 10)
        .Conv(3, 3, Activation.Identity, pad: 1)
        .LeakyRelu(0.2f)
        .MaxPool(2)
        .Dense(5, Activation.Identity)
        .LeakyRelu()
        .Dense(3, Activation.Identity);

    /// <summary>The arguments as the generated code holds them: floats.</summary>
    public static RefNetwork ActNet() => new RefNetwork(2, 6, 8)
        .Conv(4, 3, Activation.Identity, pad: 1)
        .Activate(Activation.Gelu).Activate(Activation.Prelu)
        .Conv(4, 1, Activation.Identity)
        .Activate(Activation.Silu).Activate(Activation.Elu, 0.5f)
        .Conv(4, 1, Activation.Identity)
        .Activate(Activation.Mish).Activate(Activation.Selu)
        .Conv(4, 1, Activation.Identity)
        .Activate(Activation.Hardswish).Activate(Activation.Celu, 2f)
        .Conv(4, 1, Activation.Identity)
        .Activate(Activation.GeluTanh).Activate(Activation.LeakyRelu, -0.5f)
        .MaxPool(2)
        .Activate(Activation.Softsign)
        .Dense(8, Activation.Identity).Activate(Activation.Hardsigmoid)
        .Dense(8, Activation.Identity).Activate(Activation.Relu6)
        .Dense(8, Activation.Identity).Activate(Activation.Prelu).Activate(Activation.Softplus)
        .Dense(3, Activation.Identity);

    /// <summary>The split-off activations are, mathematically, the layer's own: the reference fuses them all.</summary>
    public static RefNetwork FusedActNet() => new RefNetwork(2, 6, 8)
        .Conv(4, 3, Activation.Silu, pad: 1)
        .Conv(4, 1, Activation.Elu)
        .Conv(4, 1, Activation.Identity, bias: false).BatchNorm(Activation.Hardswish)
        .Conv(4, 1, Activation.Selu)
        .Conv(4, 1, Activation.Identity, bias: false).BatchNorm(Activation.Softplus)
        .Conv(4, 1, Activation.Gelu)
        .Conv(4, 1, Activation.Celu)
        .Conv(4, 1, Activation.Mish)
        .Conv(4, 1, Activation.LeakyRelu)
        .Conv(4, 1, Activation.GeluTanh)
        .Subsample(2, Activation.Softsign)
        .Dense(8, Activation.Hardsigmoid)
        .Dense(8, Activation.Relu6)
        .Dense(3, Activation.Identity);

    public static RefNetwork InceptionBn() => new RefNetwork(3, 5, 6)
        .Conv(4, 3, Activation.Identity, pad: 1, bias: false)
        .BatchNorm(Activation.ReLU)
        .Inception(2, 2, 3, 1, 2, 2)
        .BatchNorm(Activation.Identity, momentum: 0.3)
        .GlobalAvgPool()
        .Dense(3, Activation.Identity);

    public static RefNetwork PoolCeilNet() => new RefNetwork(2, 14, 12)
        .Conv(3, 3, Activation.Tanh, pad: 1)                                          // Same
        .Pool(max: false, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, ceil: true)
        .Pool(max: true, kh: 3, kw: 2, sh: 2, sw: 1, ph: 1, pw: 1, ceil: true)
        .Pool(max: false, kh: 2, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, ceil: true, countPad: false)
        .Pool(max: false, kh: 2, kw: 2, sh: 2, sw: 1, ph: 0, pw: 0, ceil: true)
        .Dense(3, Activation.Sigmoid);

    /// <summary>
    /// GeometryNet's windows written out by hand from ONNX's rules (SAME_UPPER: ceil(in/s) outputs, the odd pad after;
    /// SAME_LOWER: before; Full: e - 1 with e = d*(k-1)+1), sharing nothing with the generator.
    /// </summary>
    public static RefNetwork GeometryNet() => new RefNetwork(2, 8, 50)
        .ConvWindow(3, 2, 3, Activation.Tanh, 1, 1, 0, 1, 1, 1)                                  // Same: H total 1, W total 2
        .ConvWindow(4, 3, 2, Activation.ReLU, 2, 2, 2, 0, 1, 1, dh: 2)                           // 4@4x25 (floor)
        .ConvWindow(4, 2, 2, Activation.Sigmoid, 1, 3, 1, 1, 0, 1, dw: 2, groups: 2, bias: false) // SameLower: H total 1, W total 2
        .ConvWindow(2, 3, 3, Activation.Identity, 1, 1, 4, 4, 4, 4, dh: 2, dw: 2)               // Full, e = 5
        .ConvWindow(3, 4, 4, Activation.Tanh, 2, 2, 1, 1, 1, 2)                                  // Same /2: H total 2, W total 3
        .Dense(3, Activation.Tanh)
        .Softmax();

    /// <summary>The mobile blocks at toy size (tests/Networks/MobileTiny.cs), written out.</summary>
    public static RefNetwork MobileTiny() => new RefNetwork(3, 10, 9)
        .Conv(8, 3, Activation.Identity, pad: 1, bias: false)
        .BatchNorm(Activation.Relu6)
        .InvertedResidual(8, 3, 1, 8, Activation.Relu6, squeeze: 2)
        .InvertedResidual(6, 5, 2, 16, Activation.Hardswish)
        .InvertedResidual(6, 3, 1, 10, Activation.Silu, squeeze: 3, seAct: Activation.Silu, gate: Activation.Hardsigmoid)
        .Conv(18, 1, Activation.Identity)
        .GlobalAvgPool()
        .SqueezeExcite(4)
        .Dense(3, Activation.Identity);

    /// <summary>tests/Networks/DepthwiseNet.cs written out: depthwise layers as block-diagonal tables (one input map each).</summary>
    public static RefNetwork DepthwiseNet() => new RefNetwork(6, 13, 37)
        .GroupedConv(6, 3, Activation.Tanh, groups: 6, pad: 1)
        .GroupedConv(6, 5, Activation.ReLU, groups: 6, stride: 2, pad: 2)
        .Conv(11, 1, Activation.Identity)
        .ConvWindow(11, 3, 3, Activation.Identity, 2, 2, 1, 1, 1, 1, groups: 11, bias: false)
        .GroupedConv(11, 5, Activation.Sigmoid, groups: 11, pad: 2)
        .GroupedConv(11, 3, Activation.Identity, groups: 11)
        .GlobalAvgPool()
        .Dense(3, Activation.Identity);

    /// <summary>ShuffleNetV2's pieces at toy size (tests/Networks/ShuffleNet.cs), written out.</summary>
    public static RefNetwork ShuffleNet() => new RefNetwork(3, 11, 9)
        .Conv(7, 3, Activation.Identity, pad: 1, bias: false)
        .BatchNorm(Activation.ReLU)
        .ShuffleUnit(10, 2)
        .ShuffleUnit(10, 1)
        .ChannelShuffle(5)
        .Conv(6, 1, Activation.Tanh)
        .GlobalAvgPool()
        .Dense(3, Activation.Identity);
    /// <summary>ConvTNet's transposed convolutions written out from PyTorch's output formula (tests/Networks/ConvTNet.cs).</summary>
    public static RefNetwork ConvTNet() => new RefNetwork(2, 7, 37)
        .Conv(4, 3, Activation.Tanh, stride: 2, pad: 1)                                            // 4@4x19
        .ConvTranspose(4, 3, 3, Activation.Sigmoid, 2, 2, 1, 1, 1, 1, 1, 1)                        // (4-1)*2 - 2 + 2 + 1 + 1 = 8, 38
        .ConvTranspose(6, 3, 3, Activation.Tanh, 1, 1, 0, 0, 0, 0, 0, 0, groups: 2, bias: false)   // 10x40
        .ConvTranspose(3, 2, 3, Activation.Identity, 2, 3, 1, 0, 0, 1, 1, 2, dw: 2)                // 9*2 - 1 + 1 + 1 + 1 = 20, 39*3 - 1 + 4 + 2 + 1 = 123
        .Dense(3, Activation.Tanh)
        .Softmax();
    /// <summary>DenseNet's blocks at toy size (tests/Networks/DenseNet.cs), written out.</summary>
    public static RefNetwork DenseNet() => new RefNetwork(3, 7, 9)
        .Conv(4, 3, Activation.Identity, pad: 1, bias: false)
        .DenseBlock(3, 5, bottleneckWidth: 2)
        .Transition(9)
        .DenseBlock(2, 3)
        .DenseBlock(1, 3, bottleneckWidth: 2)
        .BatchNorm(Activation.ReLU)
        .GlobalAvgPool()
        .Dense(3, Activation.Identity);
}
