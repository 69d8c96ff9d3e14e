using Microsoft.ML.OnnxRuntime;

namespace NetGen.Export.Tests;

/// <summary>Runs an exported model in ONNX Runtime on a batch of NCHW inputs, one thread, all graph optimizations on.</summary>
public sealed class OnnxRunner : IDisposable
{
    private readonly SessionOptions _options;

    public OnnxRunner(byte[] model)
    {
        _options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
        };
        Session = new InferenceSession(model, _options);
    }

    public InferenceSession Session { get; }

    /// <summary>The output for <paramref name="inputs"/> ([batch][C*H*W]) as [batch][D], and its shape.</summary>
    public (float[][] Outputs, long[] Shape) Run(float[][] inputs, int[] sampleShape)
    {
        int length = inputs[0].Length;
        var flat = new float[inputs.Length * length];
        for (int n = 0; n < inputs.Length; n++) inputs[n].CopyTo(flat, n * length);
        long[] shape = [inputs.Length, .. sampleShape.Select(d => (long)d)];
        using var input = OrtValue.CreateTensorValueFromMemory(flat, shape);
        using var runOptions = new RunOptions();
        using var results = Session.Run(runOptions, ["input"], [input], ["output"]);
        var output = results[0];
        long[] outputShape = output.GetTensorTypeAndShape().Shape;
        var data = output.GetTensorDataAsSpan<float>();
        int perSample = data.Length / inputs.Length;
        var outputs = new float[inputs.Length][];
        for (int n = 0; n < inputs.Length; n++) outputs[n] = data.Slice(n * perSample, perSample).ToArray();
        return (outputs, outputShape);
    }

    public void Dispose()
    {
        Session.Dispose();
        _options.Dispose();
    }
}
