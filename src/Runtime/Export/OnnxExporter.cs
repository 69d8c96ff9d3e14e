using System.Reflection;

namespace NetGen.Export;

/// <summary>
/// Writes a generated network as a standard ONNX model (ai.onnx opset 13, IR version 7) for inference elsewhere:
/// one float input "input" [N,C,H,W], one output "output" ([N,D] after a dense, RBF or softmax layer, else
/// [N,C,H,W]), the current parameters (and batch norm running statistics) as initializers. Layers read the values
/// their descriptions name (residual shortcuts, inception concatenations). Dropout is left out and batch norm uses the
/// running statistics (inference). See src/Runtime/Export/README.md.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ai.onnx operator set the graph uses.</summary>
    public const int Opset = 13;
    /// <summary>The ONNX IR version that goes with opset 13 (ONNX 1.8).</summary>
    public const int IrVersion = 7;

    /// <summary>
    /// Writes <paramref name="network"/> to <paramref name="path"/> atomically: the bytes go to a temporary file in the
    /// same directory, which is flushed to disk and then renamed over <paramref name="path"/>. On failure the temporary
    /// file is removed and an existing file at <paramref name="path"/> is left as it was.
    /// </summary>
    public static void Export(INetwork network, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = Build(network, options ?? new OnnxExportOptions());
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                model.CopyTo(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The ONNX model of <paramref name="network"/> as bytes (a serialized ModelProto).</summary>
    public static byte[] ToBytes(INetwork network, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Build(network, options ?? new OnnxExportOptions()).ToArray();
    }

    private static ProtobufWriter Build(INetwork network, OnnxExportOptions options)
    {
        var layers = network.Layers;
        if (layers.Count == 0)
            throw new NotSupportedException($"{network.GetType().Name} describes no layers (INetwork.Layers is empty): regenerate it with this NetGen version.");
        if (options.BatchSize is <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be positive.");
        if (options.BatchSize is null && string.IsNullOrWhiteSpace(options.BatchDimension))
            throw new ArgumentException("BatchDimension must name the symbolic batch dimension.", nameof(options));
        var batch = options.BatchSize is int size ? new OnnxDimension(size) : new OnnxDimension(0, options.BatchDimension);

        var first = layers[0];
        if (first.InChannels * first.InHeight * first.InWidth != network.InputLength)
            throw new InvalidOperationException($"{network.GetType().Name}: layer {first.Name}'s input does not match InputLength {network.InputLength}.");
        string name = network.GetType().Name;
        var graph = new OnnxGraphBuilder(name, $"{name}: {network.Architecture}");
        graph.Graph.Inputs.Add(new OnnxValueInfoProto(OnnxGraphBuilder.InputName, [batch, first.InChannels, first.InHeight, first.InWidth]));

        var lowering = new OnnxLayerLowering(graph, network.Parameters.ToArray(), network.State.ToArray(), network.ParameterTensors);
        var wiring = new OnnxGraphWiring(graph, name, layers, network.OutputLength);
        for (int i = 0; i < layers.Count; i++)
        {
            var (x, x2) = wiring.Sources(i);
            wiring.Produced(layers[i], lowering.Lower(layers[i], x, x2));
        }
        var (value, dims) = wiring.Output(network.OutputLength);
        graph.SetOutput(value, [batch, .. dims.Select(d => (OnnxDimension)d)]);

        string version = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var model = new OnnxModelProto(IrVersion, Opset, version, $"NetGen network {name}, exported for inference.", graph.Graph);
        model.Metadata.Add(new("netgen.network", network.GetType().FullName ?? name));
        model.Metadata.Add(new("netgen.architecture", network.Architecture));
        var writer = new ProtobufWriter();
        model.WriteTo(writer);
        return writer;
    }
}
