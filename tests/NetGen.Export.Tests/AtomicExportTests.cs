using System.Diagnostics;
using Xunit.Abstractions;

namespace NetGen.Export.Tests;

/// <summary>Export writes a temporary file and renames it: the target is either the old file or the whole new one.</summary>
public sealed class AtomicExportTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Export_writes_the_model_and_leaves_no_temporary_file()
    {
        var network = TestNetworks.Create("LeNet5");
        string path = Path.Combine(_directory, "lenet5.onnx");
        var clock = Stopwatch.StartNew();
        network.ExportOnnx(path);
        output.WriteLine($"LeNet5: {new FileInfo(path).Length:N0} bytes in {clock.Elapsed.TotalMilliseconds:F1} ms");
        Assert.Equal([path], Directory.GetFiles(_directory));
        Assert.Equal(OnnxExporter.ToBytes(network), File.ReadAllBytes(path));
        using var runner = new OnnxRunner(File.ReadAllBytes(path));
        Assert.Equal("input", runner.Session.InputNames.Single());
    }

    [Fact]
    public void Export_replaces_an_existing_file_whole()
    {
        string path = Path.Combine(_directory, "model.onnx");
        File.WriteAllBytes(path, new byte[1_000_000]);  // longer than the new model: a non-atomic overwrite in place could leave a tail
        var network = TestNetworks.Create("TableNet");
        OnnxExporter.Export(network, path);
        Assert.Equal(OnnxExporter.ToBytes(network), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_failed_rename_removes_the_temporary_file()
    {
        string target = Path.Combine(_directory, "taken");
        Directory.CreateDirectory(target);  // the rename over a directory fails after the bytes are written
        Assert.ThrowsAny<IOException>(() => OnnxExporter.Export(TestNetworks.Create("PoolNet"), target));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void A_missing_directory_fails_without_creating_anything()
    {
        string path = Path.Combine(_directory, "missing", "model.onnx");
        Assert.Throws<DirectoryNotFoundException>(() => OnnxExporter.Export(TestNetworks.Create("PoolNet"), path));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void A_network_without_layer_descriptions_is_refused_and_the_old_file_kept()
    {
        string path = Path.Combine(_directory, "model.onnx");
        File.WriteAllText(path, "old");
        var error = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(new UndescribedNetwork(), path));
        Assert.Contains("Layers", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    /// <summary>An INetwork that does not override <see cref="INetwork.Layers"/> (as one generated before it existed).</summary>
    private sealed class UndescribedNetwork : INetwork
    {
        private readonly float[] _parameters = new float[1];
        public int InputLength => 1;
        public int OutputLength => 1;
        public int ParameterCount => 1;
        public Span<float> Parameters => _parameters;
        public Span<float> Gradients => _parameters;
        public NetworkSummary Summary => new("Undescribed", 1, 1, 1, []);
        public string Architecture => "input 1x1x1";
        public IReadOnlyList<ParameterTensor> ParameterTensors => [];
        public Isa Isa { get; set; }
        public void Forward(ReadOnlySpan<float> input, Span<float> output) => input.CopyTo(output);
        public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => outputGradient.CopyTo(inputGradient);
        public void Backward(ReadOnlySpan<float> outputGradient) { }
        public void InitializeParameters(int seed) { }
        public bool IsTrainable(int parameterIndex) => false;
    }
}
