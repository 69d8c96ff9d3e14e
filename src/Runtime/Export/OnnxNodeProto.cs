namespace NetGen.Export;

/// <summary>ONNX <c>NodeProto</c>: one operator application in the default (ai.onnx) domain.</summary>
internal sealed class OnnxNodeProto(string name, string opType, string[] inputs, string[] outputs, OnnxAttributeProto[] attributes)
{
    private const int FieldInput = 1, FieldOutput = 2, FieldName = 3, FieldOpType = 4, FieldAttribute = 5;

    public string Name { get; } = name;
    public string OpType { get; } = opType;
    public string[] Inputs { get; } = inputs;
    /// <summary>The builder renames the last node's output to the graph output in place.</summary>
    public string[] Outputs { get; } = outputs;
    public OnnxAttributeProto[] Attributes { get; } = attributes;

    public void WriteTo(ProtobufWriter writer)
    {
        foreach (string input in Inputs) writer.WriteString(FieldInput, input);
        foreach (string output in Outputs) writer.WriteString(FieldOutput, output);
        writer.WriteString(FieldName, Name);
        writer.WriteString(FieldOpType, OpType);
        foreach (var attribute in Attributes) writer.WriteMessage(FieldAttribute, attribute, static (a, w) => a.WriteTo(w));
    }
}

/// <summary>ONNX <c>AttributeProto</c> of type FLOAT, INT, STRING or INTS (all the exporter's operators need).</summary>
internal sealed class OnnxAttributeProto
{
    private const int FieldName = 1, FieldF = 2, FieldI = 3, FieldS = 4, FieldInts = 8, FieldType = 20;
    private const int TypeFloat = 1, TypeInt = 2, TypeString = 3, TypeInts = 7;

    private readonly int _type;
    private readonly float _float;
    private readonly long _int;
    private readonly long[] _ints = [];
    private readonly string _string = "";

    private OnnxAttributeProto(string name, int type, float f, long i, long[]? ints, string? s = null)
    {
        Name = name;
        _type = type;
        _float = f;
        _int = i;
        _ints = ints ?? [];
        _string = s ?? "";
    }

    public string Name { get; }

    public static OnnxAttributeProto Float(string name, float value) => new(name, TypeFloat, value, 0, null);
    public static OnnxAttributeProto Int(string name, long value) => new(name, TypeInt, 0, value, null);
    public static OnnxAttributeProto Ints(string name, params long[] values) => new(name, TypeInts, 0, 0, values);
    public static OnnxAttributeProto String(string name, string value) => new(name, TypeString, 0, 0, null, value);

    public void WriteTo(ProtobufWriter writer)
    {
        writer.WriteString(FieldName, Name);
        switch (_type)
        {
            case TypeFloat: writer.WriteFloat(FieldF, _float); break;
            case TypeInt: writer.WriteInt64(FieldI, _int); break;
            case TypeString: writer.WriteString(FieldS, _string); break;  // bytes on the wire; UTF-8 text here
            default: foreach (long v in _ints) writer.WriteInt64(FieldInts, v); break;  // unpacked, as proto2 writes it
        }
        writer.WriteInt64(FieldType, _type);
    }
}
