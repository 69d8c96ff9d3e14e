using NetGen.Export;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>
/// A model of samples/ModelZoo at full size exported with ExportOnnx and compiled back through [OnnxModel]: MobileNetV3-
/// Small's inverted residual blocks, squeeze-and-excitation products (Mul of the maps and a per-map gate), Hardswish and
/// Hardsigmoid come back as the same layers, so outputs and gradients are bit-identical.
/// </summary>
public class OnnxZooRoundTripTests
{
    [Fact]
    public void MobileNetV3_Small_round_trips_bit_identically()
    {
        var assembly = OnnxCompiled.Load(GeneratorHarness.RepositoryFile("../samples/ModelZoo/Models/MobileNetV3Small.cs"), [], out _);   // relative to tests/
        var original = (INetwork)Activator.CreateInstance(assembly.GetType("NetGen.Samples.ModelZoo.MobileNetV3Small")!, 3)!;
        var random = new Random(4);
        var state = original.State;
        for (int i = 0; i < state.Length; i++) state[i] = (float)(0.5 + random.NextDouble());
        var imported = OnnxCompiled.Import(OnnxExporter.ToBytes(original), "MobileNetV3SmallImported");
        Assert.Equal(original.ParameterTensors.Select(t => (t.Name, t.Length)), imported.ParameterTensors.Select(t => (t.Name, t.Length)));
        Assert.Contains(imported.Layers, l => l.Type == LayerType.Mul);

        var input = OnnxCompiled.RandomInput(original.InputLength, 11);
        var expected = OnnxCompiled.Forward(original, input);
        Assert.Equal(expected, OnnxCompiled.Forward(imported, input));
        var outputGradient = OnnxCompiled.RandomInput(original.OutputLength, 12);
        float[] expectedInput = new float[original.InputLength], actualInput = new float[imported.InputLength];
        original.Backward(outputGradient, expectedInput);
        imported.Backward(outputGradient, actualInput);
        Assert.Equal(expectedInput, actualInput);
        Assert.Equal(original.Gradients.ToArray(), imported.Gradients.ToArray());
    }
}
