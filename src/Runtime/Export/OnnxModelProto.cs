namespace NetGen.Export;

/// <summary>ONNX <c>ModelProto</c>: IR version, the ai.onnx opset, producer, documentation, metadata and the graph.</summary>
internal sealed class OnnxModelProto(long irVersion, long opset, string producerVersion, string docString, OnnxGraphProto graph)
{
    private const int FieldIrVersion = 1, FieldProducerName = 2, FieldProducerVersion = 3, FieldDocString = 6, FieldGraph = 7;
    private const int FieldOpsetImport = 8, FieldMetadataProps = 14;
    // OperatorSetIdProto.domain/version and StringStringEntryProto.key/value.
    private const int FieldOpsetDomain = 1, FieldOpsetVersion = 2, FieldKey = 1, FieldValue = 2;

    public const string ProducerName = "NetGen";

    public OnnxGraphProto Graph { get; } = graph;
    public List<KeyValuePair<string, string>> Metadata { get; } = [];

    public void WriteTo(ProtobufWriter writer)
    {
        writer.WriteInt64(FieldIrVersion, irVersion);
        writer.WriteString(FieldProducerName, ProducerName);
        writer.WriteString(FieldProducerVersion, producerVersion);
        if (docString.Length > 0) writer.WriteString(FieldDocString, docString);
        writer.WriteMessage(FieldGraph, Graph, static (g, w) => g.WriteTo(w));
        writer.WriteMessage(FieldOpsetImport, opset, static (version, w) =>
        {
            w.WriteString(FieldOpsetDomain, "");
            w.WriteInt64(FieldOpsetVersion, version);
        });
        foreach (var entry in Metadata)
            writer.WriteMessage(FieldMetadataProps, entry, static (e, w) =>
            {
                w.WriteString(FieldKey, e.Key);
                w.WriteString(FieldValue, e.Value);
            });
    }
}
