namespace NetGen.Export;

/// <summary>
/// Expresses each NetGen layer with standard ai.onnx (opset 13) operators, reading the weights from the network's
/// flat parameters (and batch norm's running statistics from its state) through the offsets in
/// <see cref="LayerDescription"/>. Every layer checks that the shapes it computes are the ones the generator recorded,
/// so a layout the exporter does not understand fails loudly.
/// </summary>
internal sealed partial class OnnxLayerLowering(OnnxGraphBuilder graph, float[] parameters, float[] state, IReadOnlyList<ParameterTensor> tensors)
{
    /// <summary>
    /// Emits the nodes of <paramref name="layer"/> on <paramref name="x"/> (and <paramref name="x2"/>, an Add's second
    /// input); returns the layer's output.
    /// </summary>
    public OnnxValue Lower(LayerDescription layer, OnnxValue x, OnnxValue? x2 = null) => layer.Type switch
    {
        LayerType.Conv => Conv(layer, x),
        LayerType.Subsample => Subsample(layer, x),
        LayerType.MaxPool => Pool(layer, x, "MaxPool"),
        LayerType.AvgPool => Pool(layer, x, "AveragePool"),
        LayerType.Dense => Dense(layer, x),
        LayerType.Rbf => Rbf(layer, x),
        LayerType.Softmax => Softmax(layer, x),
        LayerType.LogSoftmax => LogSoftmax(layer, x),
        LayerType.LocalResponseNorm => LocalResponseNorm(layer, x),
        LayerType.Dropout => x,  // inference graph: dropout is the identity
        LayerType.GlobalAvgPool => GlobalAvgPool(layer, x),
        LayerType.BatchNorm => BatchNorm(layer, x),
        LayerType.Add => Add(layer, x, x2 ?? throw new ArgumentNullException(nameof(x2), $"Layer {layer.Name}: Add needs a second input.")),
        LayerType.Upsample => Upsample(layer, x),
        LayerType.LeakyRelu => LeakyRelu(layer, x),
        LayerType.Activation => Standalone(layer, x),
        LayerType.Mul => Mul(layer, x, x2 ?? throw new ArgumentNullException(nameof(x2), $"Layer {layer.Name}: Mul needs a second input.")),
        LayerType.ChannelShuffle => ChannelShuffle(layer, x),
        LayerType.ChannelSlice => ChannelSlice(layer, x),
        LayerType.ConvTranspose => ConvTranspose(layer, x),
        LayerType.Concat => Concat(layer, x, x2),
        _ => throw new NotSupportedException($"Layer {layer.Name}: ONNX export does not know layer kind {layer.Type}."),
    };

    /// <summary>
    /// Conv with the generator's weights. Full connection: [out][in][k][k] as stored. Groups: [out][in/groups][k][k]
    /// as stored, with the group attribute. Connection table: a full [out][in][k][k] weight with zeros where an
    /// input map does not feed an output map (exact: the zero terms add nothing). Learned connections: the effective
    /// weight softmax(logits[o]) [i] x weight[o][i], computed now. A general window (<see cref="LayerDescription.Window"/>:
    /// rectangular, uneven pads, dilation) maps one to one onto kernel_shape, strides, pads and dilations.
    /// </summary>
    private OnnxValue Conv(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        var window = layer.Window ?? new ConvWindow(layer.Kernel, layer.Kernel, layer.Stride, layer.Stride, layer.Pad, layer.Pad, layer.Pad, layer.Pad, 1, 1);
        CheckOutput(layer, layer.OutChannels, window.OutHeight(layer.InHeight), window.OutWidth(layer.InWidth));
        int inC = layer.InChannels, outC = layer.OutChannels, kk = window.KernelH * window.KernelW, groups = Math.Max(1, layer.Groups);
        var stored = Slice(layer, layer.WeightOffset, layer.WeightCount);
        var logits = LearnedConnections(layer);
        if (logits is not null && (groups > 1 || layer.Inputs is not null))
            throw new NotSupportedException($"Layer {layer.Name}: learned connections on a grouped or table convolution.");
        float[] weight;
        int inPerGroup;
        if (groups > 1)
        {
            inPerGroup = inC / groups;
            CheckGroups(layer, groups);
            weight = stored;
        }
        else if (layer.Inputs is null)
        {
            inPerGroup = inC;
            weight = logits is null ? stored : EffectiveWeight(layer, stored, logits);
        }
        else
        {
            inPerGroup = inC;
            int pairs = layer.Inputs.Sum(connected => connected.Length);
            if (layer.Inputs.Length != outC || pairs * kk != stored.Length || layer.Inputs.Any(connected => connected.Any(i => (uint)i >= (uint)inC)))
                throw Mismatch(layer, $"{pairs} connected pairs of {kk} weights from {inC} maps", $"{stored.Length} weights");
            weight = new float[outC * inC * kk];
            int block = 0;
            for (int o = 0; o < outC; o++)
                foreach (int i in layer.Inputs[o])
                    stored.AsSpan(kk * block++, kk).CopyTo(weight.AsSpan((o * inC + i) * kk, kk));
        }
        if (weight.Length != outC * inPerGroup * kk) throw Mismatch(layer, $"{outC * inPerGroup * kk} weights", $"{weight.Length}");
        string w = graph.AddFloats($"{layer.Name}.weight", [outC, inPerGroup, window.KernelH, window.KernelW], weight);
        string[] inputs = layer.BiasCount == 0  // a convolution without bias: Conv's bias input is optional
            ? [x.Name, w]
            : [x.Name, w, graph.AddFloats($"{layer.Name}.bias", [outC], Slice(layer, layer.BiasOffset, layer.BiasCount))];
        OnnxAttributeProto[] attributes =
        [
            OnnxAttributeProto.Ints("kernel_shape", window.KernelH, window.KernelW), OnnxAttributeProto.Ints("strides", window.StrideH, window.StrideW),
            OnnxAttributeProto.Ints("pads", window.PadTop, window.PadLeft, window.PadBottom, window.PadRight), OnnxAttributeProto.Int("group", groups),
        ];
        // dilations only where it is not ONNX's default 1, 1: a regular window exports as it always did.
        if (window.DilationH != 1 || window.DilationW != 1) attributes = [.. attributes, OnnxAttributeProto.Ints("dilations", window.DilationH, window.DilationW)];
        string u = graph.Node("Conv", PreActivationName(layer), inputs, attributes);
        return Activate(layer, new OnnxValue(u, 4));
    }

    /// <summary>
    /// LeNet subsampling, window sum x coefficient + bias per map: a depthwise Conv (group = maps) whose k x k kernel
    /// holds the map's coefficient in every cell, with the map's bias.
    /// </summary>
    private OnnxValue Subsample(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        int k = layer.Kernel, s = layer.Stride, c = layer.InChannels;
        CheckOutput(layer, c, (layer.InHeight - k) / s + 1, (layer.InWidth - k) / s + 1);
        var coefficients = Slice(layer, layer.WeightOffset, layer.WeightCount);
        if (coefficients.Length != c) throw Mismatch(layer, $"{c} coefficients", $"{coefficients.Length}");
        var weight = new float[c * k * k];
        for (int m = 0; m < c; m++) weight.AsSpan(m * k * k, k * k).Fill(coefficients[m]);
        string w = graph.AddFloats($"{layer.Name}.weight", [c, 1, k, k], weight);
        string b = graph.AddFloats($"{layer.Name}.bias", [c], Slice(layer, layer.BiasOffset, layer.BiasCount));
        string u = graph.Node("Conv", PreActivationName(layer), [x.Name, w, b],
            OnnxAttributeProto.Ints("kernel_shape", k, k), OnnxAttributeProto.Ints("strides", s, s),
            OnnxAttributeProto.Int("group", c));
        return Activate(layer, new OnnxValue(u, 4));
    }

    /// <summary>
    /// MaxPool / AveragePool with PyTorch's max_pool2d/avg_pool2d semantics (<see cref="PoolGeometry"/>). Max pooling
    /// pads with -infinity; mean pooling counts the zero padding when CountIncludePad (count_include_pad 1).
    /// PyTorch's ceil mode is exported as floor rounding over Extra more padding at the bottom/right (the cells the last
    /// windows read past the padding), not as ceil_mode: runtimes differ on ceil_mode's last window and divisor. PyTorch
    /// starts the last window inside the input or its left padding, so Pad + Extra stays below the kernel, as ONNX
    /// requires. ONNX would count those extra cells in a count_include_pad mean; PyTorch counts only the padding, so
    /// such a pool pads its zeros with an explicit Pad node and averages over the cells inside (count_include_pad 0).
    /// </summary>
    private OnnxValue Pool(LayerDescription layer, OnnxValue x, string opType)
    {
        x = ToSpatial(layer, x);
        var g = PoolGeometry.Of(layer);
        var (oh, extraH) = PoolGeometry.Axis(layer.InHeight, g.KernelH, g.StrideH, g.PadH, g.CeilMode);
        var (ow, extraW) = PoolGeometry.Axis(layer.InWidth, g.KernelW, g.StrideW, g.PadW, g.CeilMode);
        CheckOutput(layer, layer.InChannels, oh, ow);
        bool average = opType == "AveragePool", countPad = average && g.CountIncludePad && (g.PadH > 0 || g.PadW > 0);
        int top = g.PadH, left = g.PadW, bottom = g.PadH + extraH, right = g.PadW + extraW;
        string input = x.Name;
        if (countPad && (extraH > 0 || extraW > 0))
        {
            string pads = graph.AddInt64s($"{layer.Name}.pads", [8], [0, 0, g.PadH, g.PadW, 0, 0, g.PadH, g.PadW]);
            input = graph.Node("Pad", $"{layer.Name}.padded", [x.Name, pads]);
            (top, left, bottom, right, countPad) = (0, 0, extraH, extraW, false);
        }
        List<OnnxAttributeProto> attributes = [OnnxAttributeProto.Ints("kernel_shape", g.KernelH, g.KernelW), OnnxAttributeProto.Ints("strides", g.StrideH, g.StrideW)];
        if (top > 0 || left > 0 || bottom > 0 || right > 0)
        {
            attributes.Add(OnnxAttributeProto.Ints("pads", top, left, bottom, right));
            if (average) attributes.Add(OnnxAttributeProto.Int("count_include_pad", countPad ? 1 : 0));
        }
        string y = graph.Node(opType, PreActivationName(layer), [input], [.. attributes]);
        return Activate(layer, new OnnxValue(y, 4));
    }

    private OnnxValue GlobalAvgPool(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        CheckOutput(layer, layer.InChannels, 1, 1);
        return Activate(layer, new OnnxValue(graph.Node("GlobalAveragePool", PreActivationName(layer), [x.Name]), 4));
    }

    /// <summary>Gemm(x, W, b, transB = 1) on the CHW-flattened input: W is [out][in] as stored.</summary>
    private OnnxValue Dense(LayerDescription layer, OnnxValue x)
    {
        x = ToFlat(layer, x);
        int inputs = layer.InChannels * layer.InHeight * layer.InWidth, units = layer.OutChannels * layer.OutHeight * layer.OutWidth;
        string w = graph.AddFloats($"{layer.Name}.weight", [units, inputs], Slice(layer, layer.WeightOffset, layer.WeightCount));
        string b = graph.AddFloats($"{layer.Name}.bias", [units], Slice(layer, layer.BiasOffset, layer.BiasCount));
        string u = graph.Node("Gemm", PreActivationName(layer), [x.Name, w, b], OnnxAttributeProto.Int("transB", 1));
        return Activate(layer, new OnnxValue(u, 2));
    }

    /// <summary>
    /// Euclidean RBF y_c = sum_j (x_j - w_cj)^2 computed as written (no expansion, so no cancellation):
    /// Unsqueeze x to [N,1,D], Sub the centres [C,D] (broadcast to [N,C,D]), ReduceSumSquare over D.
    /// </summary>
    private OnnxValue Rbf(LayerDescription layer, OnnxValue x)
    {
        x = ToFlat(layer, x);
        int inputs = layer.InChannels * layer.InHeight * layer.InWidth, classes = layer.OutChannels * layer.OutHeight * layer.OutWidth;
        string centres = graph.AddFloats($"{layer.Name}.weight", [classes, inputs], Slice(layer, layer.WeightOffset, layer.WeightCount));
        string axis1 = graph.AddInt64s($"{layer.Name}.axes", [1], [1]);
        string rows = graph.Node("Unsqueeze", $"{layer.Name}.x", [x.Name, axis1]);
        string difference = graph.Node("Sub", $"{layer.Name}.difference", [rows, centres]);
        string y = graph.Node("ReduceSumSquare", PreActivationName(layer), [difference],
            OnnxAttributeProto.Ints("axes", 2), OnnxAttributeProto.Int("keepdims", 0));
        return Activate(layer, new OnnxValue(y, 2));
    }

    private OnnxValue Softmax(LayerDescription layer, OnnxValue x) => Normalized("Softmax", layer, x);

    private OnnxValue LogSoftmax(LayerDescription layer, OnnxValue x) => Normalized("LogSoftmax", layer, x);

    /// <summary>Softmax or LogSoftmax over axis 1 of the flattened [N, n] input (the same at every opset for 2-D).</summary>
    private OnnxValue Normalized(string op, LayerDescription layer, OnnxValue x)
    {
        x = ToFlat(layer, x);
        return Activate(layer, new OnnxValue(graph.Node(op, PreActivationName(layer), [x.Name], OnnxAttributeProto.Int("axis", 1)), 2));
    }

    /// <summary>
    /// b_c = a_c (K + alpha/n sum_{c'} a_c'^2)^-beta over maps c - n/2 .. c + (n-1)/2 (PyTorch's window). For odd n
    /// that is ONNX's LRN exactly. For even n ONNX centres the window one map later, so the sum is written out:
    /// Mul(x, x), a 1x1 Conv whose [C][C] weight is alpha/n inside each window (0 outside) with bias K, Pow(-beta), Mul(x).
    /// </summary>
    private OnnxValue LocalResponseNorm(LayerDescription layer, OnnxValue x)
    {
        x = ToSpatial(layer, x);
        CheckOutput(layer, layer.InChannels, layer.InHeight, layer.InWidth);
        int n = layer.Kernel, c = layer.InChannels;
        if (n % 2 == 1)
        {
            string y = graph.Node("LRN", PreActivationName(layer), [x.Name],
                OnnxAttributeProto.Float("alpha", (float)layer.Alpha), OnnxAttributeProto.Float("beta", (float)layer.Beta),
                OnnxAttributeProto.Float("bias", (float)layer.K), OnnxAttributeProto.Int("size", n));
            return Activate(layer, new OnnxValue(y, 4));
        }
        var window = new float[c * c];
        for (int o = 0; o < c; o++)
            for (int i = Math.Max(0, o - n / 2); i <= Math.Min(c - 1, o + (n - 1) / 2); i++)
                window[o * c + i] = (float)(layer.Alpha / n);
        string w = graph.AddFloats($"{layer.Name}.window", [c, c, 1, 1], window);
        string bias = graph.AddFloats($"{layer.Name}.k", [c], Enumerable.Repeat((float)layer.K, c).ToArray());
        string squares = graph.Node("Mul", $"{layer.Name}.squares", [x.Name, x.Name]);
        string scale = graph.Node("Conv", $"{layer.Name}.scale", [squares, w, bias], OnnxAttributeProto.Ints("kernel_shape", 1, 1));
        string factor = graph.Node("Pow", $"{layer.Name}.factor", [scale, graph.Scalar($"{layer.Name}.minus_beta", -(float)layer.Beta)]);
        return Activate(layer, new OnnxValue(graph.Node("Mul", PreActivationName(layer), [x.Name, factor]), 4));
    }

    /// <summary>LeakyRelu(alpha = slope), elementwise on the value as it comes (spatial or flat).</summary>
    private OnnxValue LeakyRelu(LayerDescription layer, OnnxValue x) =>
        Activate(layer, x with { Name = graph.Node("LeakyRelu", PreActivationName(layer), [x.Name], OnnxAttributeProto.Float("alpha", (float)layer.Alpha)) });

    /// <summary>
    /// The product x * x2 (ONNX's Mul, numpy broadcasting as PyTorch's): x2 of x's shape, or one value per map
    /// [N,C,1,1] broadcast over each map (squeeze-and-excitation's gate). A flat x2 [N,C] becomes [N,C,1,1].
    /// </summary>
    private OnnxValue Mul(LayerDescription layer, OnnxValue x, OnnxValue x2)
    {
        x = ToSpatial(layer, x);
        if (x2.Rank == 2)
            x2 = new OnnxValue(graph.Node("Unsqueeze", $"{layer.Name}.other", [x2.Name, graph.AddInt64s($"{layer.Name}.other_axes", [2], [2, 3])]), 4);
        CheckOutput(layer, layer.InChannels, layer.InHeight, layer.InWidth);
        return Activate(layer, new OnnxValue(graph.Node("Mul", PreActivationName(layer), [x.Name, x2.Name]), 4));
    }

    /// <summary>The weighted sum's name: the layer's name when no activation follows, else name.u.</summary>
    private static string PreActivationName(LayerDescription layer) =>
        layer.Activation == Activation.Identity ? layer.Name : $"{layer.Name}.u";

    /// <summary>[N,C,H,W] for spatial layers: a [N,D] value (after a dense layer) is reshaped to the layer's input maps.</summary>
    private OnnxValue ToSpatial(LayerDescription layer, OnnxValue x)
    {
        if (x.Rank == 4) return x;
        string shape = graph.AddInt64s($"{layer.Name}.input_shape", [4], [0, layer.InChannels, layer.InHeight, layer.InWidth]);
        return new OnnxValue(graph.Node("Reshape", $"{layer.Name}.input", [x.Name, shape]), 4);
    }

    /// <summary>[N,D] for dense, RBF and softmax: Flatten(axis 1) of [N,C,H,W] is NetGen's CHW order.</summary>
    private OnnxValue ToFlat(LayerDescription layer, OnnxValue x) =>
        x.Rank == 2 ? x : new OnnxValue(graph.Node("Flatten", $"{layer.Name}.input", [x.Name], OnnxAttributeProto.Int("axis", 1)), 2);

    private float[] Slice(LayerDescription layer, int offset, int count)
    {
        if (count == 0) return [];
        if (offset < 0 || (long)offset + count > parameters.Length)
            throw Mismatch(layer, $"{count} parameters at {offset}", $"{parameters.Length} parameters in all");
        return parameters.AsSpan(offset, count).ToArray();
    }

    private static void CheckOutput(LayerDescription layer, int c, int h, int w)
    {
        if (c != layer.OutChannels || h != layer.OutHeight || w != layer.OutWidth)
            throw Mismatch(layer, $"output {c}@{h}x{w}", $"{layer.OutChannels}@{layer.OutHeight}x{layer.OutWidth}");
    }

    /// <summary>Groups must be the block-diagonal table the generator records: output o reads group o / (out/groups).</summary>
    private static void CheckGroups(LayerDescription layer, int groups)
    {
        int inPerGroup = layer.InChannels / groups, outPerGroup = layer.OutChannels / groups;
        bool ok = layer.InChannels % groups == 0 && layer.OutChannels % groups == 0 && layer.Inputs is { } table && table.Length == layer.OutChannels;
        for (int o = 0; ok && o < layer.OutChannels; o++)
            ok = layer.Inputs![o].SequenceEqual(Enumerable.Range(o / outPerGroup * inPerGroup, inPerGroup));
        if (!ok) throw Mismatch(layer, $"{groups} block-diagonal groups", "a different connection table");
    }

    private static InvalidOperationException Mismatch(LayerDescription layer, string expected, string actual) =>
        new($"Layer {layer.Name} ({layer.Type}): the exporter expected {expected}, the network describes {actual}.");
}
