namespace NetGen.Export;

/// <summary><c>network.ExportOnnx(path)</c>.</summary>
public static class OnnxExportExtensions
{
    /// <summary>Writes the network as an ONNX model; see <see cref="OnnxExporter.Export"/>.</summary>
    public static void ExportOnnx(this INetwork network, string path, OnnxExportOptions? options = null) =>
        OnnxExporter.Export(network, path, options);
}
