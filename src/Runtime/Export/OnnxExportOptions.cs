namespace NetGen.Export;

/// <summary>How <see cref="OnnxExporter"/> writes the model.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>A fixed batch size for the input and output; null (the default) writes a symbolic batch dimension.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The name of the symbolic batch dimension (ONNX <c>dim_param</c>) when <see cref="BatchSize"/> is null.</summary>
    public string BatchDimension { get; init; } = "N";
}
