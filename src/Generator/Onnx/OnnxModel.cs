using System.Collections.Generic;

namespace NetGen.Generator.Onnx
{
    /// <summary>An ONNX <c>ModelProto</c>: the fields an importer reads (onnx/onnx.proto, field numbers in OnnxReader).</summary>
    internal sealed class OnnxModel
    {
        public long IrVersion { get; set; }
        public string ProducerName { get; set; } = "";
        public string ProducerVersion { get; set; } = "";
        /// <summary>Operator set versions by domain ("" and "ai.onnx" are the default domain).</summary>
        public Dictionary<string, long> Opsets { get; } = new();
        public OnnxGraph Graph { get; set; } = new();

        /// <summary>The default domain's operator set version, or 0 when the file names none.</summary>
        public long DefaultOpset =>
            Opsets.TryGetValue("", out long v) ? v : Opsets.TryGetValue("ai.onnx", out v) ? v : 0;
    }

    /// <summary>A <c>GraphProto</c>: nodes in file order (ONNX requires topological order), weights, inputs and outputs.</summary>
    internal sealed class OnnxGraph
    {
        public string Name { get; set; } = "";
        public List<OnnxNode> Nodes { get; } = new();
        public List<OnnxTensor> Initializers { get; } = new();
        /// <summary>Sparse initializers are counted, not read: an importer refuses them by name.</summary>
        public int SparseInitializers { get; set; }
        public List<OnnxValueInfo> Inputs { get; } = new();
        public List<OnnxValueInfo> Outputs { get; } = new();
        public List<OnnxValueInfo> ValueInfo { get; } = new();
    }

    /// <summary>A <c>NodeProto</c>: one operator application. An empty input name is an omitted optional input.</summary>
    internal sealed class OnnxNode
    {
        public string Name { get; set; } = "";
        public string OpType { get; set; } = "";
        public string Domain { get; set; } = "";
        public List<string> Inputs { get; } = new();
        public List<string> Outputs { get; } = new();
        public List<OnnxAttribute> Attributes { get; } = new();

        public OnnxAttribute? Attribute(string name)
        {
            foreach (var a in Attributes)
                if (a.Name == name)
                    return a;
            return null;
        }
    }

    /// <summary>The <c>AttributeProto.AttributeType</c> values.</summary>
    internal enum OnnxAttributeType
    {
        Undefined = 0, Float = 1, Int = 2, String = 3, Tensor = 4, Graph = 5, Floats = 6, Ints = 7, Strings = 8,
        Tensors = 9, Graphs = 10, SparseTensor = 11, SparseTensors = 12, TypeProto = 13, TypeProtos = 14,
    }

    /// <summary>
    /// An <c>AttributeProto</c>. Subgraphs (If, Loop, Scan bodies), sparse tensors and type protos are counted in
    /// <see cref="Unread"/>, not read: no CNN layer has them, so an importer refuses the node that carries one.
    /// </summary>
    internal sealed class OnnxAttribute
    {
        public string Name { get; set; } = "";
        public OnnxAttributeType Type { get; set; }
        public float F { get; set; }
        public long I { get; set; }
        /// <summary>The bytes of <c>s</c> as UTF-8 text (ONNX's string attributes, such as auto_pad, are text).</summary>
        public string S { get; set; } = "";
        public OnnxTensor? T { get; set; }
        public List<float> Floats { get; } = new();
        public List<long> Ints { get; } = new();
        public List<string> Strings { get; } = new();
        public List<OnnxTensor> Tensors { get; } = new();
        public int Unread { get; set; }
        /// <summary>A reference to an attribute of the enclosing function (only valid inside functions).</summary>
        public string RefAttrName { get; set; } = "";
    }

    /// <summary>A <c>ValueInfoProto</c> with a tensor type: its element type and shape (null when the file gives none).</summary>
    internal sealed class OnnxValueInfo
    {
        public string Name { get; set; } = "";
        /// <summary>0 when the value is not a tensor or its type is not given.</summary>
        public int ElemType { get; set; }
        public bool IsTensor { get; set; }
        public List<OnnxDim>? Shape { get; set; }
    }

    /// <summary>One dimension: a fixed size, a symbolic name (such as a batch size "N"), or neither (unknown).</summary>
    internal readonly struct OnnxDim
    {
        public OnnxDim(long? value, string? param)
        {
            Value = value;
            Param = param;
        }

        public long? Value { get; }
        public string? Param { get; }
        public override string ToString() => Value?.ToString() ?? Param ?? "?";
    }
}
