namespace NetGen.Samples.OnnxTune
{
    /// <summary>The network of model.onnx, generated at build time with its weights (Pretrained()).</summary>
    [OnnxModel("model.onnx")]
    public partial class ImportedModel { }
}
