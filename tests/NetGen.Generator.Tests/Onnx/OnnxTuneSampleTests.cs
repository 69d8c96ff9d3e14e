using System.Reflection;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Export;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>
/// samples/OnnxTune is outside NetGen.sln (it needs a model.onnx). Its two source files besides the command line
/// (ImportedModel.cs, the [OnnxModel] class; Tuning.cs, evaluate, fine-tune, save) are compiled here over a small
/// network exported with ExportOnnx, as the sample's build compiles them over its model.onnx, and run on synthetic
/// 28x28 digits: so a change to the importer, the trainer or the checkpoint API that breaks the sample fails a test,
/// in about a second instead of a NativeAOT publish.
/// </summary>
public class OnnxTuneSampleTests
{
    const string Model = """
        using NetGen;
        namespace NetGen.Tests.Networks;
        [Network(1, 28, 28)]
        [Conv(4, 5, Activation.ReLU)]                // C1 4@24x24
        [MaxPool(4)]                                 // P2 4@6x6
        [Dense(10)]                                  // F3
        public partial class TuneNet { }
        """;

    static Assembly Sample(byte[] model) =>
        OnnxCompiled.Load(GeneratorHarness.RepositoryFile("../samples/OnnxTune/Tuning.cs") + "\n" + GeneratorHarness.RepositoryFile("../samples/OnnxTune/ImportedModel.cs"),
            [("model.onnx", model)], out _);

    /// <summary>Digit d is a bright bar on row 4 + 2d with noise: learnable in one epoch by a small network.</summary>
    static Dataset Digits(string name, int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * 28 * 28];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            for (int p = 0; p < 28 * 28; p++) images[i * 784 + p] = (float)(random.NextDouble() * 0.2);
            for (int x = 4; x < 24; x++) images[i * 784 + (4 + 2 * labels[i]) * 28 + x] = 1f;
        }
        return new Dataset(name, images, labels, 28, 28);
    }

    static string? Run(Assembly sample, INetwork network, DatasetPair data, int epochs, string output, StringWriter log)
    {
        var imported = sample.GetType("NetGen.Samples.OnnxTune.ImportedModel")!;
        Func<INetwork> replica = () => (INetwork)Activator.CreateInstance(imported)!;
        var run = sample.GetType("NetGen.Samples.OnnxTune.Tuning")!.GetMethod("Run")!;
        return (string?)run.Invoke(null, [network, replica, (long)network.Parameters.Length, data, epochs, 0.01f, 16, 2, output, log]);
    }

    [Fact]
    public void The_sample_fine_tunes_an_exported_model_and_saves_weights_that_load_back()
    {
        var original = OnnxRoundTripTests.Compile(Model, "TuneNet");
        var sample = Sample(OnnxExporter.ToBytes(original));
        var imported = sample.GetType("NetGen.Samples.OnnxTune.ImportedModel")!;
        var network = (INetwork)imported.GetMethod("Pretrained")!.Invoke(null, null)!;
        Assert.Equal(original.Parameters.ToArray(), network.Parameters.ToArray());   // the file's weights, compiled in

        string output = Path.Combine(Directory.CreateTempSubdirectory("onnx-tune-").FullName, "tuned.safetensors");
        var log = new StringWriter();
        var data = new DatasetPair(Digits("train", 400, 1), Digits("test", 100, 2));
        Assert.Null(Run(sample, network, data, 2, output, log));
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"{original.Parameters.Length:N0} parameters from model.onnx; test error before: ", lines[0]);
        Assert.StartsWith("epoch 2/2: ", lines[2]);
        double ErrorAfter(string line) => double.Parse(line.Split("test error ")[1].Split('%')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ErrorAfter(lines[2]) < 50, log.ToString());   // 10 bar positions: chance is 90%
        Assert.NotEqual(original.Parameters.ToArray(), network.Parameters.ToArray());

        var reloaded = (INetwork)Activator.CreateInstance(imported)!;
        SafeTensors.Load(reloaded, output);
        Assert.Equal(network.Parameters.ToArray(), reloaded.Parameters.ToArray());
    }

    [Fact]
    public void A_model_that_is_not_a_10_class_image_model_is_refused_with_its_shape()
    {
        var original = OnnxRoundTripTests.Compile(Model.Replace("[Dense(10)]", "[Dense(7)]"), "TuneNet");
        var sample = Sample(OnnxExporter.ToBytes(original));
        var network = (INetwork)sample.GetType("NetGen.Samples.OnnxTune.ImportedModel")!.GetMethod("Pretrained")!.Invoke(null, null)!;
        var data = new DatasetPair(Digits("train", 10, 1), Digits("test", 10, 2));
        Assert.Equal("the model takes 784 inputs and gives 7 outputs: not a 10-class square grey image model.", Run(sample, network, data, 1, "unused.safetensors", new StringWriter()));
    }
}
