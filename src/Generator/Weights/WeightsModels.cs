using NetGen.Generator.Common;
using NetGen.Generator.Model;

namespace NetGen.Generator.Weights
{
    /// <summary>
    /// A network's [Weights] attribute with what checking the file needs: the expected tensors (parameters, then state at
    /// offsets after them), BlobLength = the floats of both, ParameterCount = the parameters alone.
    /// </summary>
    internal sealed record WeightsRequest(
        string? Namespace, string ClassName, string Path, LocationInfo? Location,
        EquatableArray<TensorSpec> Tensors, int BlobLength, string Architecture, int ParameterCount);

    /// <summary>A *.safetensors AdditionalFiles item: its path and its bytes as base64 (cheap to compare), or why it could not be read.</summary>
    internal sealed record WeightsFile(string Path, string? Base64, string? ReadError);

    /// <summary>What to emit for one [Weights] network: the checked weights (base64, canonical order) and diagnostics.</summary>
    internal sealed record WeightsResult(
        string? Namespace, string ClassName, string FileName, string? Base64, EquatableArray<DiagnosticInfo> Diagnostics,
        int ParameterCount = 0, int StateLength = 0);
}
