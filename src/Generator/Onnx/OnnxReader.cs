using System.Collections.Generic;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Reads an ONNX model file (a <c>ModelProto</c>, onnx/onnx.proto) into <see cref="OnnxModel"/>: structure only, no
    /// operator semantics. Unknown fields are skipped as protobuf requires; subgraphs are counted, not descended into,
    /// so the nesting depth is the schema's and fixed. It never throws: a malformed file gives an error message.
    /// </summary>
    internal static class OnnxReader
    {
        /// <summary>
        /// The largest file read (protobuf's own limit is 2 GiB): beyond it, a clear refusal, nothing allocated. 1 GiB holds
        /// every torchvision CNN (the largest, VGG-19, exports 575 MB) with room to spare.
        /// </summary>
        public const long MaxFileBytes = 1L << 30;

        /// <summary>
        /// Far more than any CNN has (ResNet-152 exports ~500 nodes), and what keeps the objects a file of tiny
        /// messages makes within a fixed budget: nodes, and each of initializers, inputs, outputs and value infos.
        /// </summary>
        public const int MaxItems = 100_000;

        /// <summary>Attributes of one node.</summary>
        public const int MaxAttributes = 1_000;

        public static bool TryRead(byte[] file, out OnnxModel? model, out string? error) =>
            Guard(file, ReadModel, out model, out error);

        /// <summary>Reads a lone <c>TensorProto</c> (the test data's input_0.pb files are these).</summary>
        public static bool TryReadTensor(byte[] file, out OnnxTensor? tensor, out string? error) =>
            Guard(file, r => ReadTensor(r), out tensor, out error);

        private static bool Guard<T>(byte[] file, System.Func<ProtoReader, T> read, out T? result, out string? error) where T : class
        {
            result = null;
            error = null;
            if (file.Length > MaxFileBytes)
            {
                error = $"the file has {file.Length} bytes; NetGen reads ONNX files of at most {MaxFileBytes >> 20} MB";
                return false;
            }
            try
            {
                result = read(new ProtoReader(file));
                return true;
            }
            catch (OnnxFormatException e)
            {
                error = e.Message;
                return false;
            }
        }

        private static OnnxModel ReadModel(ProtoReader r)
        {
            var model = new OnnxModel();
            bool hasGraph = false;
            while (r.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1: model.IrVersion = r.ReadInt64(wire, "ModelProto.ir_version"); break;
                    case 2: model.ProducerName = r.ReadString(wire, "ModelProto.producer_name"); break;
                    case 3: model.ProducerVersion = r.ReadString(wire, "ModelProto.producer_version"); break;
                    case 7: model.Graph = ReadGraph(r.ReadMessage(wire, "ModelProto.graph")); hasGraph = true; break;
                    case 8: ReadOpset(r.ReadMessage(wire, "ModelProto.opset_import"), model.Opsets); break;
                    default: r.Skip(wire); break;
                }
            }
            if (!hasGraph)
                throw new OnnxFormatException("the file holds no graph (is it an ONNX model?)");
            return model;
        }

        private static void ReadOpset(ProtoReader r, Dictionary<string, long> opsets)
        {
            string domain = "";
            long version = 0;
            while (r.Next(out int field, out int wire))
            {
                if (field == 1) domain = r.ReadString(wire, "OperatorSetIdProto.domain");
                else if (field == 2) version = r.ReadInt64(wire, "OperatorSetIdProto.version");
                else r.Skip(wire);
            }
            opsets[domain] = version;
        }

        private static OnnxGraph ReadGraph(ProtoReader r)
        {
            var graph = new OnnxGraph();
            while (r.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1: Add(graph.Nodes, ReadNode(r.ReadMessage(wire, "GraphProto.node")), "nodes"); break;
                    case 2: graph.Name = r.ReadString(wire, "GraphProto.name"); break;
                    case 5: Add(graph.Initializers, ReadTensor(r.ReadMessage(wire, "GraphProto.initializer")), "initializers"); break;
                    case 11: Add(graph.Inputs, ReadValueInfo(r.ReadMessage(wire, "GraphProto.input")), "inputs"); break;
                    case 12: Add(graph.Outputs, ReadValueInfo(r.ReadMessage(wire, "GraphProto.output")), "outputs"); break;
                    case 13: Add(graph.ValueInfo, ReadValueInfo(r.ReadMessage(wire, "GraphProto.value_info")), "value infos"); break;
                    case 15: r.Skip(wire); graph.SparseInitializers++; break;
                    default: r.Skip(wire); break;
                }
            }
            return graph;
        }

        private static void Add<T>(List<T> items, T item, string what)
        {
            if (items.Count == MaxItems)
                throw new OnnxFormatException($"the graph has more than {MaxItems} {what}");
            items.Add(item);
        }

        private static OnnxNode ReadNode(ProtoReader r)
        {
            var node = new OnnxNode();
            while (r.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1: node.Inputs.Add(r.ReadString(wire, "NodeProto.input")); break;
                    case 2: node.Outputs.Add(r.ReadString(wire, "NodeProto.output")); break;
                    case 3: node.Name = r.ReadString(wire, "NodeProto.name"); break;
                    case 4: node.OpType = r.ReadString(wire, "NodeProto.op_type"); break;
                    case 5:
                        if (node.Attributes.Count == MaxAttributes)
                            throw new OnnxFormatException($"node '{node.Name}' has more than {MaxAttributes} attributes");
                        node.Attributes.Add(ReadAttribute(r.ReadMessage(wire, "NodeProto.attribute")));
                        break;
                    case 7: node.Domain = r.ReadString(wire, "NodeProto.domain"); break;
                    default: r.Skip(wire); break;
                }
            }
            return node;
        }

        private static OnnxAttribute ReadAttribute(ProtoReader r)
        {
            var a = new OnnxAttribute();
            while (r.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1: a.Name = r.ReadString(wire, "AttributeProto.name"); break;
                    case 2: a.F = r.ReadFloat(wire, "AttributeProto.f"); break;
                    case 3: a.I = r.ReadInt64(wire, "AttributeProto.i"); break;
                    case 4: a.S = r.ReadString(wire, "AttributeProto.s"); break;
                    case 5: a.T = ReadTensor(r.ReadMessage(wire, "AttributeProto.t")); break;
                    case 7: r.ReadFloats(wire, "AttributeProto.floats", a.Floats); break;
                    case 8: r.ReadInt64s(wire, "AttributeProto.ints", a.Ints); break;
                    case 9: a.Strings.Add(r.ReadString(wire, "AttributeProto.strings")); break;
                    case 10: a.Tensors.Add(ReadTensor(r.ReadMessage(wire, "AttributeProto.tensors"))); break;
                    case 6 or 11 or 14 or 15 or 22 or 23: r.Skip(wire); a.Unread++; break;
                    case 20:
                        int type = r.ReadInt32(wire, "AttributeProto.type");
                        if (type < 0 || type > (int)OnnxAttributeType.TypeProtos)
                            throw new OnnxFormatException($"attribute '{a.Name}' has type {type}, which ONNX does not define");
                        a.Type = (OnnxAttributeType)type;
                        break;
                    case 21: a.RefAttrName = r.ReadString(wire, "AttributeProto.ref_attr_name"); break;
                    default: r.Skip(wire); break;
                }
            }
            return a;
        }

        private static OnnxTensor ReadTensor(ProtoReader r)
        {
            var t = new OnnxTensor();
            while (r.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1:
                        r.ReadInt64s(wire, "TensorProto.dims", t.Dims);
                        if (t.Dims.Count > OnnxTensor.MaxRank)
                            throw new OnnxFormatException($"a tensor has more than {OnnxTensor.MaxRank} dimensions (byte {r.Position})");
                        break;
                    case 2: t.DataType = r.ReadInt32(wire, "TensorProto.data_type"); break;
                    case 3: throw new OnnxFormatException($"tensor at byte {r.Position} is segmented (TensorProto.segment), which NetGen does not read");
                    case 4: r.ReadFloats(wire, "TensorProto.float_data", t.FloatData); break;
                    case 5: r.ReadInt64s(wire, "TensorProto.int32_data", t.Int32Data); break;
                    case 6: r.ReadBytes(wire, "TensorProto.string_data"); t.StringCount++; break;
                    case 7: r.ReadInt64s(wire, "TensorProto.int64_data", t.Int64Data); break;
                    case 8: t.Name = r.ReadString(wire, "TensorProto.name"); break;
                    case 9: t.RawData = r.ReadBytes(wire, "TensorProto.raw_data"); break;
                    case 10: r.ReadDoubles(wire, "TensorProto.double_data", t.DoubleData); break;
                    case 11: r.ReadInt64s(wire, "TensorProto.uint64_data", t.Uint64Data); break;
                    case 14: t.External = r.ReadInt32(wire, "TensorProto.data_location") == 1; break;
                    default: r.Skip(wire); break;
                }
            }
            t.Check();
            return t;
        }

        private static OnnxValueInfo ReadValueInfo(ProtoReader r)
        {
            var v = new OnnxValueInfo();
            while (r.Next(out int field, out int wire))
            {
                if (field == 1) v.Name = r.ReadString(wire, "ValueInfoProto.name");
                else if (field == 2) ReadType(r.ReadMessage(wire, "ValueInfoProto.type"), v);
                else r.Skip(wire);
            }
            return v;
        }

        private static void ReadType(ProtoReader r, OnnxValueInfo v)
        {
            while (r.Next(out int field, out int wire))
            {
                if (field != 1)
                {
                    r.Skip(wire);
                    continue;
                }
                v.IsTensor = true;
                var tensor = r.ReadMessage(wire, "TypeProto.tensor_type");
                while (tensor.Next(out int f, out int w))
                {
                    if (f == 1) v.ElemType = tensor.ReadInt32(w, "TypeProto.Tensor.elem_type");
                    else if (f == 2) v.Shape = ReadShape(tensor.ReadMessage(w, "TypeProto.Tensor.shape"));
                    else tensor.Skip(w);
                }
            }
        }

        private static List<OnnxDim> ReadShape(ProtoReader r)
        {
            var dims = new List<OnnxDim>();
            while (r.Next(out int field, out int wire))
            {
                if (field != 1)
                {
                    r.Skip(wire);
                    continue;
                }
                if (dims.Count == OnnxTensor.MaxRank)
                    throw new OnnxFormatException($"a value has more than {OnnxTensor.MaxRank} dimensions (byte {r.Position})");
                var dim = r.ReadMessage(wire, "TensorShapeProto.dim");
                long? value = null;
                string? param = null;
                while (dim.Next(out int f, out int w))
                {
                    if (f == 1) value = dim.ReadInt64(w, "Dimension.dim_value");
                    else if (f == 2) param = dim.ReadString(w, "Dimension.dim_param");
                    else dim.Skip(w);
                }
                dims.Add(new OnnxDim(value, param));
            }
            return dims;
        }
    }
}
