using NetGen.Samples.ModelZoo;

namespace NetGen.Numerics.Tests;

/// <summary>The model zoo's totals against the papers (parameter counts) and the usual multiply-add counts.</summary>
public class ZooSummaryTests
{
    [Fact]
    public void AlexNet_with_two_groups_has_the_papers_parameters()
    {
        Assert.Equal(60_965_224, AlexNet.Summary.TotalParameters);
        Assert.Equal(307_456, AlexNet.Summary["conv2"].Parameters);   // 256 x (48 x 5 x 5) + 256: half the inputs per group
        Assert.Equal("256@6x6", AlexNet.Summary["pool5"].Shape);
    }

    [Fact]
    public void ZfNet_has_the_figure_3_shapes()
    {
        Assert.Equal(["96@110x110", "96@55x55", "256@26x26", "256@13x13", "256@13x13", "256@6x6"],
            new[] { "conv1", "pool1", "conv2", "pool2", "conv5", "pool5" }.Select(n => ZfNet.Summary[n].Shape));
        Assert.Equal(3 * 49 * 96 + 96, ZfNet.Summary["conv1"].Parameters);
        Assert.Equal(62_357_608, ZfNet.Summary.TotalParameters);   // the sum of its layers; the paper prints no total
    }

    [Theory]
    [InlineData("A", 132_863_336)]
    [InlineData("A-LRN", 132_863_336)]
    [InlineData("B", 133_047_848)]
    [InlineData("C", 133_638_952)]
    [InlineData("D", 138_357_544)]
    [InlineData("E", 143_667_240)]
    public void Vgg_configurations_have_their_parameter_counts(string config, long parameters)
    {
        var summary = config switch
        {
            "A" => VggA.Summary, "A-LRN" => VggALrn.Summary, "B" => VggB.Summary,
            "C" => VggC.Summary, "D" => VggD.Summary, _ => VggE.Summary,
        };
        Assert.Equal(parameters, summary.TotalParameters);
        Assert.Equal("512@7x7", summary["pool5"].Shape);
    }

    [Fact]
    public void Vgg16_multiply_adds_are_the_usual_15_5_billion()
    {
        // Convolutions and dense layers only (max pooling, ReLU and dropout multiply nothing).
        Assert.Equal(15_470_264_320, VggD.Summary.TotalMultiplyAdds);
    }

    [Fact]
    public void SqueezeNet_1_1_has_torchvisions_parameters_and_shapes()
    {
        Assert.Equal(1_235_496, SqueezeNet11.Summary.TotalParameters);   // torchvision.models.squeezenet1_1
        // The pools read the fires' concatenations: 128 maps after features.4, 256 after features.7.
        Assert.Equal(["64@111x111", "64@55x55", "128@27x27", "256@13x13", "256@13x13", "1000@13x13", "1000@1x1"],
            new[] { "features.0", "features.2", "features.5", "features.8", "features.12.expand3x3", "classifier.1", "classifier.3" }
                .Select(n => SqueezeNet11.Summary[n].Shape));
        Assert.Equal(16 * 64 + 16, SqueezeNet11.Summary["features.3.squeeze"].Parameters);
        Assert.Equal(64 * 16 * 9 + 64, SqueezeNet11.Summary["features.3.expand3x3"].Parameters);
        Assert.Equal(["features.3.squeeze.weight", "features.3.squeeze.bias", "features.3.expand1x1.weight", "features.3.expand1x1.bias",
            "features.3.expand3x3.weight", "features.3.expand3x3.bias"],
            SqueezeNet11.ParameterTensors.Select(t => t.Name).Where(n => n.StartsWith("features.3.", StringComparison.Ordinal)));
    }

    /// <summary>
    /// torchvision's squeezenet1_0: 1,248,424 parameters; its documentation gives 0.82 GFLOPS (multiply-adds of the
    /// convolutions). The exact count follows from the shapes: the stem, each fire's squeeze (in x s), expand1x1 (s x e)
    /// and expand3x3 (s x e x 9) per position, and the 1x1 classifier.
    /// </summary>
    [Fact]
    public void SqueezeNet_1_0_has_torchvisions_parameters_and_ceil_mode_shapes()
    {
        Assert.Equal(1_248_424, SqueezeNet10.Summary.TotalParameters);   // torchvision.models.squeezenet1_0
        // Ceil mode: 109 -> 54, 54 -> 27 (floor would give 26), 27 -> 13. The pools read the fires' concatenations.
        Assert.Equal(["96@109x109", "96@54x54", "128@54x54", "256@27x27", "256@27x27", "512@13x13", "1000@13x13", "1000@1x1"],
            new[] { "features.0", "features.2", "features.5.expand3x3", "features.6", "features.10.expand3x3", "features.11", "classifier.1", "classifier.3" }
                .Select(n => SqueezeNet10.Summary[n].Shape));
        Assert.Equal(512 * 64 + 64, SqueezeNet10.Summary["features.12.squeeze"].Parameters);
        Assert.Contains(SqueezeNet10.ParameterTensors, t => t.Name == "features.3.squeeze.weight" && t.Shape.SequenceEqual(new[] { 16, 96, 1, 1 }));
        long Fire(int inMaps, int squeeze, int expand, int size) => (long)size * size * squeeze * (inMaps + expand + 9 * expand);
        long expected = 109L * 109 * 96 * 3 * 49
            + Fire(96, 16, 64, 54) + Fire(128, 16, 64, 54) + Fire(128, 32, 128, 54)
            + Fire(256, 32, 128, 27) + Fire(256, 48, 192, 27) + Fire(384, 48, 192, 27) + Fire(384, 64, 256, 27)
            + Fire(512, 64, 256, 13) + 13L * 13 * 1000 * 512;
        long convolutions = SqueezeNet10.Summary.Layers.Where(l => l.Kind.StartsWith("conv")).Sum(l => l.MultiplyAdds);
        Assert.Equal(expected, convolutions);
        Assert.InRange(convolutions / 1e9, 0.815, 0.825);
    }

    [Fact]
    public void Nin_ends_in_ten_averaged_maps()
    {
        Assert.Equal("10@7x7", NinMnist.Summary["cccp6"].Shape);
        Assert.Equal("10@1x1", NinMnist.Summary["gap"].Shape);
        Assert.Equal(10, NinMnist.OutputLength);
    }

    public static TheoryData<string, long, double> ResNets() => new()
    {
        { "ResNet-18", 11_689_512, 1.8 },
        { "ResNet-34", 21_797_672, 3.6 },
        { "ResNet-50", 25_557_032, 3.8 },
        { "ResNet-101", 44_549_160, 7.6 },
        { "ResNet-152", 60_192_808, 11.3 },
    };

    /// <summary>Parameters as torchvision counts them (batch norm's scale and shift included, running statistics not);
    /// multiply-adds of the convolutions and the classifier, as the paper's table 1 counts them (x10^9, one decimal).</summary>
    [Theory]
    [MemberData(nameof(ResNets))]
    public void ResNets_have_their_parameters_and_the_papers_multiply_adds(string name, long parameters, double billions)
    {
        var summary = name switch
        {
            "ResNet-18" => ResNet18.Summary, "ResNet-34" => ResNet34.Summary, "ResNet-50" => ResNet50.Summary,
            "ResNet-101" => ResNet101.Summary, _ => ResNet152.Summary,
        };
        Assert.Equal(parameters, summary.TotalParameters);
        long convAndFc = summary.Layers.Where(l => l.Kind.StartsWith("conv") || l.Kind == "dense").Sum(l => l.MultiplyAdds);
        // The paper prints one decimal and rounds inconsistently (3.66 -> 3.6 but 7.57 -> 7.6): within 2%.
        Assert.InRange(convAndFc / 1e9, billions * 0.98, billions * 1.02);
        Assert.Equal(name is "ResNet-18" or "ResNet-34" ? 512 : 2048, summary["avgpool"].Channels);
    }

    [Fact]
    public void ResNet_state_is_not_counted_as_parameters()
    {
        // Every batch norm keeps a running mean and variance per map: state, outside Parameters.
        Assert.Equal(ResNet18.StateTensors.Sum(t => t.Length), ResNet18.Summary.Layers.Where(l => l.Kind == "batch norm").Sum(l => l.Parameters));
        Assert.Contains(ResNet18.ParameterTensors, t => t.Name == "layer2.0.downsample.0.weight" && t.Shape.SequenceEqual(new[] { 128, 64, 1, 1 }));
        Assert.Contains(ResNet18.StateTensors, t => t.Name == "layer4.1.bn2.running_var");
        // Batch norm scales and shifts are vectors, as in torchvision's state_dict.
        Assert.All(ResNet18.ParameterTensors.Where(t => t.Name.Contains(".bn") || t.Name.StartsWith("bn1") || t.Name.Contains("downsample.1")),
            t => Assert.Equal([t.Length], t.Shape));
    }

    /// <summary>
    /// GoogLeNet table 1, per inception module: the input maps and the six columns give the exact weight and multiply-add
    /// counts (asserted exactly), and the paper's printed params (K = 1024) and ops (M) columns, which are rounded and in
    /// two rows inconsistent with the columns (4c: 463K printed for 497.5K; 5a: 1072K and 54M for 1018K and 51.1M),
    /// are met within 8%.
    /// </summary>
    [Theory]
    [InlineData("inception3a", 192, 28, 64, 96, 128, 16, 32, 32, 159, 128)]
    [InlineData("inception3b", 256, 28, 128, 128, 192, 32, 96, 64, 380, 304)]
    [InlineData("inception4a", 480, 14, 192, 96, 208, 16, 48, 64, 364, 73)]
    [InlineData("inception4b", 512, 14, 160, 112, 224, 24, 64, 64, 437, 88)]
    [InlineData("inception4c", 512, 14, 128, 128, 256, 24, 64, 64, 463, 100)]
    [InlineData("inception4d", 512, 14, 112, 144, 288, 32, 64, 64, 580, 119)]
    [InlineData("inception4e", 528, 14, 256, 160, 320, 32, 128, 128, 840, 170)]
    [InlineData("inception5a", 832, 7, 256, 160, 320, 32, 128, 128, 1072, 54)]
    [InlineData("inception5b", 832, 7, 384, 192, 384, 48, 128, 128, 1388, 71)]
    public void GoogLeNet_inception_modules_match_table_1(string module, int inMaps, int size,
        int n1, int n3r, int n3, int n5r, int n5, int pool, int paperKiloParams, int paperMegaOps)
    {
        var rows = GoogLeNet.Layers.Where(l => l.Name.StartsWith(module + ".")).ToList();
        Assert.Equal(7, rows.Count);
        long weights = rows.Sum(l => (long)l.WeightCount);
        long ops = GoogLeNet.Summary.Layers.Where(l => l.Name.StartsWith(module + ".")).Sum(l => l.MultiplyAdds);
        long expectedWeights = inMaps * (n1 + n3r + n5r + pool) + n3r * 9 * n3 + n5r * 25 * n5;
        Assert.Equal(expectedWeights, weights);
        Assert.Equal(expectedWeights * size * size, ops);   // max pooling multiplies nothing
        Assert.InRange(weights / 1024.0, paperKiloParams * 0.92, paperKiloParams * 1.08);
        Assert.InRange(ops / 1e6, paperMegaOps * 0.92, paperMegaOps * 1.08);
    }

    [Fact]
    public void GoogLeNet_shapes_follow_table_1()
    {
        Assert.Equal("192@28x28", GoogLeNet.Summary["pool2"].Shape);
        // inception3b concatenates 128 + 192 + 96 + 64 = 480 maps: its branches' last layers fill that many.
        Assert.Equal(480, GoogLeNet.Layers.Where(l => l.Name.StartsWith("inception3b.") && l.Type == LayerType.Conv && !l.Name.EndsWith("reduce")).Sum(l => l.OutChannels));
        Assert.Equal(128 + 192 + 96, GoogLeNet.Layers.Single(l => l.Name == "inception3b.branch4.proj").OutChannelOffset);
        Assert.Equal("1024@1x1", GoogLeNet.Summary["pool5"].Shape);
        Assert.Equal(1000 * 1024 + 1000, GoogLeNet.Summary["linear"].Parameters);   // "linear 1000K"
    }

    public static TheoryData<string, long, double> MobileNets() => new()
    {
        { "MobileNetV2", 3_504_872, 300 },         // Sandler et al. 2018, table 4: 300M multiply-adds
        { "MobileNetV3-Large", 5_483_032, 219 },   // Howard et al. 2019, table 3: 219M
        { "MobileNetV3-Small", 2_542_856, 56 },    // Howard et al. 2019, table 4: 56M
        { "EfficientNet-B0", 5_288_548, 390 },     // Tan & Le 2019, table 2: 0.39B FLOPs (multiply-adds)
    };

    /// <summary>
    /// Parameters exactly as torchvision counts them (mobilenet_v2, mobilenet_v3_large/small, efficientnet_b0); the
    /// multiply-adds of the convolutions (squeeze-and-excitation's included) and dense layers against the paper's figure,
    /// which is rounded (and for MobileNetV3 may count the gates' products and pools too): within 2%. Measured: 300.8M,
    /// 216.6M, 56.5M, 385.8M.
    /// </summary>
    [Theory]
    [MemberData(nameof(MobileNets))]
    public void Mobile_networks_have_torchvisions_parameters_and_the_papers_multiply_adds(string name, long parameters, double millions)
    {
        var summary = name switch
        {
            "MobileNetV2" => MobileNetV2.Summary, "MobileNetV3-Large" => MobileNetV3Large.Summary,
            "MobileNetV3-Small" => MobileNetV3Small.Summary, _ => EfficientNetB0.Summary,
        };
        Assert.Equal(parameters, summary.TotalParameters);
        long convAndFc = summary.Layers.Where(l => l.Kind.StartsWith("conv") || l.Kind == "dense").Sum(l => l.MultiplyAdds);
        Assert.InRange(convAndFc / 1e6, millions * 0.98, millions * 1.02);
        Assert.Equal("1000@1x1", summary["prob"].Shape);
    }

    /// <summary>The blocks' tensors carry torchvision's state-dict names and shapes, with and without an expansion.</summary>
    [Fact]
    public void Mobile_networks_name_their_tensors_as_torchvision()
    {
        static int[] Shape(IEnumerable<ParameterTensor> tensors, string name) => tensors.Single(t => t.Name == name).Shape;
        // MobileNetV2: expansion 1 has conv.0 (depthwise pair), conv.1, conv.2; expansion 6 has conv.0, conv.1 pairs, conv.2, conv.3.
        Assert.Equal([32, 1, 3, 3], Shape(MobileNetV2.ParameterTensors, "features.1.conv.0.0.weight"));
        Assert.Equal([16, 32, 1, 1], Shape(MobileNetV2.ParameterTensors, "features.1.conv.1.weight"));
        Assert.Equal([96, 16, 1, 1], Shape(MobileNetV2.ParameterTensors, "features.2.conv.0.0.weight"));
        Assert.Equal([96, 1, 3, 3], Shape(MobileNetV2.ParameterTensors, "features.2.conv.1.0.weight"));
        Assert.Equal([24, 96, 1, 1], Shape(MobileNetV2.ParameterTensors, "features.2.conv.2.weight"));
        Assert.Equal([24], Shape(MobileNetV2.ParameterTensors, "features.2.conv.3.weight"));
        Assert.Equal([96], Shape(MobileNetV2.StateTensors, "features.2.conv.0.1.running_mean"));
        Assert.Equal("1280@7x7", MobileNetV2.Summary["features.18.0"].Shape);
        Assert.Equal("24@56x56", MobileNetV2.Summary["features.3.add"].Shape);   // the residual join of a kept shape
        // MobileNetV3-Large: block.K counts the parts present; the squeeze-and-excitation is a part (fc1, fc2).
        Assert.Equal([16, 1, 3, 3], Shape(MobileNetV3Large.ParameterTensors, "features.1.block.0.0.weight"));
        Assert.Equal([24, 72, 1, 1], Shape(MobileNetV3Large.ParameterTensors, "features.4.block.2.fc1.weight"));
        Assert.Equal([72], Shape(MobileNetV3Large.ParameterTensors, "features.4.block.2.fc2.bias"));
        Assert.Equal([40, 72, 1, 1], Shape(MobileNetV3Large.ParameterTensors, "features.4.block.3.0.weight"));
        Assert.Equal([1280, 960], Shape(MobileNetV3Large.ParameterTensors, "classifier.0.weight"));
        // torchvision's MobileNetV3 batch norms: epsilon 0.001, momentum 0.01 (LayerDescription.Rate), inside the blocks too.
        var norm = MobileNetV3Large.Layers.Single(l => l.Name == "features.4.block.0.1");
        Assert.Equal((0.001, 0.01), (norm.Epsilon, norm.Rate));
        // MobileNetV3-Small's first block has no expansion: depthwise block.0, squeeze-and-excitation block.1, projection block.2.
        Assert.Equal([8, 16, 1, 1], Shape(MobileNetV3Small.ParameterTensors, "features.1.block.1.fc1.weight"));
        Assert.Equal([16], Shape(MobileNetV3Small.StateTensors, "features.1.block.2.1.running_var"));
        // EfficientNet-B0 squeezes to a quarter of the block's input maps (16 / 4 = 4 of 96 hidden).
        Assert.Equal([4, 96, 1, 1], Shape(EfficientNetB0.ParameterTensors, "features.2.0.block.2.fc1.weight"));
        Assert.Equal([8, 32, 1, 1], Shape(EfficientNetB0.ParameterTensors, "features.1.0.block.1.fc1.weight"));
        Assert.Equal([1280, 320, 1, 1], Shape(EfficientNetB0.ParameterTensors, "features.8.0.weight"));
        Assert.Equal(1e-5, EfficientNetB0.Layers.Single(l => l.Name == "features.2.0.block.0.1").Epsilon);
    }

    /// <summary>
    /// ShuffleNetV2 x1.0 against torchvision's shufflenet_v2_x1_0 (2,278,604 parameters, its model card; its state-dict
    /// names and shapes) and the paper's 146M FLOPs (Ma et al. 2018, table 5, multiply-adds), within 2%.
    /// </summary>
    [Fact]
    public void ShuffleNetV2_has_torchvisions_parameters_and_names()
    {
        static int[] Shape(IEnumerable<ParameterTensor> tensors, string name) => tensors.Single(t => t.Name == name).Shape;
        Assert.Equal(2_278_604, ShuffleNetV2.Summary.TotalParameters);
        long convAndFc = ShuffleNetV2.Summary.Layers.Where(l => l.Kind.StartsWith("conv") || l.Kind == "dense").Sum(l => l.MultiplyAdds);
        Assert.InRange(convAndFc / 1e6, 146 * 0.98, 146 * 1.02);
        Assert.Equal([24, 3, 3, 3], Shape(ShuffleNetV2.ParameterTensors, "conv1.0.weight"));
        Assert.Equal([24, 1, 3, 3], Shape(ShuffleNetV2.ParameterTensors, "stage2.0.branch1.0.weight"));
        Assert.Equal([58, 24, 1, 1], Shape(ShuffleNetV2.ParameterTensors, "stage2.0.branch1.2.weight"));
        Assert.Equal([58, 24, 1, 1], Shape(ShuffleNetV2.ParameterTensors, "stage2.0.branch2.0.weight"));
        Assert.Equal([58, 1, 3, 3], Shape(ShuffleNetV2.ParameterTensors, "stage2.0.branch2.3.weight"));
        Assert.Equal([58, 58, 1, 1], Shape(ShuffleNetV2.ParameterTensors, "stage2.1.branch2.0.weight"));
        Assert.Equal([116], Shape(ShuffleNetV2.StateTensors, "stage3.7.branch2.6.running_var"));   // half of 232
        Assert.Equal([1024, 464, 1, 1], Shape(ShuffleNetV2.ParameterTensors, "conv5.0.weight"));
        Assert.Equal([1000, 1024], Shape(ShuffleNetV2.ParameterTensors, "fc.weight"));
        // Stride-1 units have no branch1 in torchvision (an empty Sequential): their split copies have no tensors.
        Assert.DoesNotContain(ShuffleNetV2.ParameterTensors, t => t.Name.StartsWith("stage2.1.branch1", StringComparison.Ordinal));
        Assert.Equal(["116@28x28", "232@14x14", "464@7x7", "1024@7x7"],
            new[] { "stage2.3_shuffle", "stage3.7_shuffle", "stage4.3_shuffle", "conv5.1" }.Select(n => ShuffleNetV2.Summary[n].Shape));
        Assert.Equal("1000@1x1", ShuffleNetV2.Summary["prob"].Shape);
    }

    /// <summary>
    /// torchvision's densenet121: 7,978,856 parameters (its weights' metadata num_params; TorchSharp's TorchVision 0.107 has
    /// no DenseNet to compare with). By hand: a dense layer reading c maps has 2c + 128c + 256 + 32 x 128 x 9 parameters,
    /// a transition from c maps to c / 2 has 2c + c x c / 2; plus the stem (9,408 + 128), norm5 (2,048), the classifier (1,025,000).
    /// 364 parameter tensors, as list(model.parameters()) has; the running statistics are state.
    /// </summary>
    [Fact]
    public void DenseNet121_has_torchvisions_parameters_names_and_shapes()
    {
        Assert.Equal(7_978_856, DenseNet121.Summary.TotalParameters);
        long Block(int input, int layers) => Enumerable.Range(0, layers).Sum(i => 130L * (input + 32 * i) + 256 + 36_864);
        long Transition(int c) => 2L * c + (long)c * c / 2;
        Assert.Equal(DenseNet121.Summary.TotalParameters, 9_408 + 128 + Block(64, 6) + Transition(256) + Block(128, 12) + Transition(512)
            + Block(256, 24) + Transition(1024) + Block(512, 16) + 2_048 + 1_025_000);
        Assert.Equal(364, DenseNet121.ParameterTensors.Count);
        Assert.Equal(["64@56x56", "256@56x56", "128@28x28", "512@28x28", "256@14x14", "1024@14x14", "512@7x7", "1024@7x7", "1024@1x1"],
            new[] { "features.pool0", "features.denseblock1.cat", "features.transition1.pool", "features.denseblock2.cat", "features.transition2.pool",
                "features.denseblock3.cat", "features.transition3.pool", "features.denseblock4.cat", "avgpool" }.Select(n => DenseNet121.Summary[n].Shape));
        static int[] Shape(IEnumerable<ParameterTensor> tensors, string name) => tensors.Single(t => t.Name == name).Shape;
        Assert.Equal([64, 3, 7, 7], Shape(DenseNet121.ParameterTensors, "features.conv0.weight"));
        Assert.Equal([96], Shape(DenseNet121.ParameterTensors, "features.denseblock1.denselayer2.norm1.weight"));
        Assert.Equal([128, 96, 1, 1], Shape(DenseNet121.ParameterTensors, "features.denseblock1.denselayer2.conv1.weight"));
        Assert.Equal([32, 128, 3, 3], Shape(DenseNet121.ParameterTensors, "features.denseblock4.denselayer16.conv2.weight"));
        Assert.Equal([992], Shape(DenseNet121.StateTensors, "features.denseblock3.denselayer24.norm1.running_var"));
        Assert.Equal([128, 256, 1, 1], Shape(DenseNet121.ParameterTensors, "features.transition1.conv.weight"));
        Assert.Equal([1000, 1024], Shape(DenseNet121.ParameterTensors, "classifier.weight"));
        // The concatenations are layers without parameters or arithmetic: the maps already sit where torch.cat puts them.
        Assert.All(DenseNet121.Layers.Where(l => l.Type == LayerType.Concat), l => Assert.Equal(0, l.WeightCount + l.BiasCount));
        Assert.Equal(62, DenseNet121.Layers.Count(l => l.Type == LayerType.Concat));
    }
}
