using Microsoft.ML.OnnxRuntime;
using NetGen.Export;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// ONNX Runtime at its best settings for a CPU forward pass, on NetGen's own exported graph of the same network (the
/// same parameters and running statistics): the CPU execution provider, <c>ORT_ENABLE_ALL</c> graph optimizations
/// (which fuse each convolution with its batch norm, activation and residual add, and pick NCHWc layouts), sequential
/// execution, <paramref name="threads"/> intra-op threads (spinning, the default), a fixed batch dimension in the
/// graph, and the input and output bound once with <see cref="OrtIoBinding"/> over pinned arrays, so a run copies
/// nothing and allocates nothing managed.
/// </summary>
public sealed class OrtPeer : IDisposable
{
    readonly SessionOptions _options;
    readonly InferenceSession _session;
    readonly RunOptions _runOptions = new();
    readonly OrtValue _input;
    readonly OrtValue _output;
    readonly OrtIoBinding _binding;

    /// <param name="input">batch x the network's input, in NCHW order; read at every <see cref="Run"/>.</param>
    /// <param name="output">batch x the network's output; written at every <see cref="Run"/>.</param>
    public OrtPeer(INetwork network, int batch, int threads, float[] input, float[] output)
    {
        if (input.Length != batch * network.InputLength || output.Length != batch * network.OutputLength)
            throw new ArgumentException($"ORT peer: expected {batch} x {network.InputLength} inputs and {batch} x {network.OutputLength} outputs.");
        byte[] model = OnnxExporter.ToBytes(network, new OnnxExportOptions { BatchSize = batch });
        _options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(model, _options);
        var inputMeta = _session.InputMetadata.Single();
        var outputMeta = _session.OutputMetadata.Single();
        _input = OrtValue.CreateTensorValueFromMemory(input, inputMeta.Value.Dimensions.Select(d => (long)d).ToArray());
        _output = OrtValue.CreateTensorValueFromMemory(output, outputMeta.Value.Dimensions.Select(d => (long)d).ToArray());
        _binding = _session.CreateIoBinding();
        _binding.BindInput(inputMeta.Key, _input);
        _binding.BindOutput(outputMeta.Key, _output);
        _binding.SynchronizeBoundInputs();
    }

    /// <summary>One forward pass of the whole batch, from the bound input array to the bound output array.</summary>
    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
