using NetGen.Tests.Shared;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>
/// ONNX's own backend test data (Debian's <c>libonnx-testdata</c>, installed by the test when missing): over a
/// thousand model files written by ONNX's helpers and by torch.onnx, each with input and output tensors.
/// </summary>
static class OnnxTestData
{
    public const string Root = "/usr/share/libonnx-testdata/data";

    static readonly Lazy<string> Installed = new(() =>
    {
        DebianPackages.Ensure(Path.Combine(Root, "node/test_abs/model.onnx"), ["libonnx-testdata"]);
        return Root;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every model.onnx, in a stable order.</summary>
    public static string[] Models() =>
        Directory.GetFiles(Installed.Value, "model.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    public static string Model(string relativeDirectory) => Path.Combine(Installed.Value, relativeDirectory, "model.onnx");
}
