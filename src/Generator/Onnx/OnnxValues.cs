using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Onnx
{
    /// <summary>What a name in the graph holds while importing: the chain's running value, a constant, or a refused node's output.</summary>
    internal abstract class ImportValue
    {
    }

    /// <summary>
    /// The value the network computes: a C@HxW map (rank 4, [N,C,H,W]) or a flat vector of C units (rank 2, [N,C], H = W = 1),
    /// the output of <see cref="Source"/> (an entry of the importer's source list: the network input, a layer, or a
    /// concatenation). NetGen stores both ranks as CHW floats, so Flatten and Reshape between them move nothing.
    /// </summary>
    internal sealed class ActivationValue : ImportValue
    {
        public ActivationValue(int c, int h, int w, bool flat, int source, int version)
        {
            C = c; H = h; W = w; Flat = flat; Source = source; Version = version;
        }

        public int C { get; }
        public int H { get; }
        public int W { get; }
        public bool Flat { get; }
        public int Source { get; }
        /// <summary>The source's version when this value was read: an activation fused into the layer later makes it stale.</summary>
        public int Version { get; }
        public long Length => (long)C * H * W;
        public int Rank => Flat ? 2 : 4;
        public string ShapeText => Flat ? $"[N,{C}]" : $"[N,{C},{H},{W}]";

        public ActivationValue Reshaped(int c, int h, int w, bool flat) => new(c, h, w, flat, Source, Version);
    }

    /// <summary>
    /// An elementwise formula of one computed value (<see cref="Base"/>) not mapped yet: Relu, Erf, Mul by a scalar... as
    /// exporters spell an activation (GELU as Div, Erf, Add, Mul, Mul). Whatever reads it as data maps it: onto the
    /// activation it equals (<see cref="OnnxFormula"/>), or refuses it, naming <see cref="Root"/>.
    /// </summary>
    internal sealed class ExprValue : ImportValue
    {
        public ExprValue(ActivationValue @base, OnnxFormula formula, OnnxNode root, int key, long[] reads)
        {
            Base = @base; Formula = formula; Root = root; Key = key; Reads = reads;
        }

        public ActivationValue Base { get; }
        public OnnxFormula Formula { get; }
        /// <summary>The node that computed this value (named in a refusal and in the layer's name).</summary>
        public OnnxNode Root { get; }
        /// <summary>This value's entry in the importer's read counts (aliases share it).</summary>
        public int Key { get; }
        /// <summary>
        /// The reads made by this formula's nodes of the base value and of the formulas it was built from: (key &lt;&lt; 32) |
        /// (node index * 8 + input index), sorted. Fusing needs every read of those values to be one of these.
        /// </summary>
        public long[] Reads { get; }
        /// <summary>
        /// The formula this one applied one operation to (with scalars, or itself twice), and that operation on u, or null:
        /// when the whole is no activation, the part may be one, and the operation another (Elu after SiLU).
        /// </summary>
        public ExprValue? Child { get; set; }
        public OnnxFormula? Outer { get; set; }
        /// <summary>The value it maps to, once something read it (every reader shares the one layer); null before.</summary>
        public ActivationValue? Mapped { get; set; }
        /// <summary>Whether mapping it failed (reported once).</summary>
        public bool Failed { get; set; }
    }

    /// <summary>
    /// A constant: an initializer, a Constant node, or folded shape arithmetic. <see cref="Ints"/> may hold
    /// <see cref="Batch"/>, the symbolic batch size that Shape reads from the running value.
    /// </summary>
    internal sealed class ConstantValue : ImportValue
    {
        /// <summary>The batch dimension: unknown at compile time, carried through Gather, Unsqueeze and Concat.</summary>
        public const long Batch = long.MinValue;

        private float[]? _floats;

        public ConstantValue(OnnxTensor tensor)
        {
            Tensor = tensor;
            Dims = tensor.Dims.ToArray();
            Ints = tensor.ToInt64s();
        }

        /// <summary>The same data seen with other dimensions (a folded Reshape, Unsqueeze or Squeeze).</summary>
        public ConstantValue(ConstantValue source, long[] dims)
        {
            Tensor = source.Tensor;
            _floats = source._floats;
            Ints = source.Ints;
            Dims = dims;
        }

        public ConstantValue(long[] ints, long[] dims)
        {
            Ints = ints;
            Dims = dims;
        }

        public OnnxTensor? Tensor { get; }
        public long[] Dims { get; }
        public long[]? Ints { get; }
        public string Name => Tensor?.Name ?? "";

        /// <summary>The data as floats (FLOAT and DOUBLE tensors), converted once; null for any other type.</summary>
        public float[]? Floats => _floats ??= Tensor?.ToFloats();

        public long Count
        {
            get
            {
                long n = 1;
                foreach (long d in Dims) n *= d;
                return n;
            }
        }

        public string DimsText => "[" + string.Join(",", Dims) + "]";

        /// <summary>A single float (a scalar or a one-element tensor), or null.</summary>
        public float? Scalar => Floats is { Length: 1 } f ? f[0] : null;
    }

    /// <summary>
    /// A computed map padded with zeros by a Pad node (constant mode, value 0): not a value NetGen stores, but pads that the
    /// Conv or AveragePool reading it folds into its own (the zeros are input to a mean's divisor).
    /// </summary>
    internal sealed class PaddedValue : ImportValue
    {
        public PaddedValue(ActivationValue @base, int[] pads)
        {
            Base = @base; Pads = pads;
        }

        public ActivationValue Base { get; }
        /// <summary>Top, left, bottom, right.</summary>
        public int[] Pads { get; }
    }

    /// <summary>The output of a node that was refused (already reported): whatever reads it is not reported again.</summary>
    internal sealed class RefusedValue : ImportValue
    {
        public static readonly RefusedValue Instance = new();
    }

    /// <summary>Reads a node's attributes with ONNX's defaults.</summary>
    internal static class NodeAttributes
    {
        public static long Int(this OnnxNode node, string name, long otherwise) => node.Attribute(name) is { } a ? a.I : otherwise;

        public static float Float(this OnnxNode node, string name, float otherwise) => node.Attribute(name) is { } a ? a.F : otherwise;

        public static string Text(this OnnxNode node, string name, string otherwise) => node.Attribute(name) is { } a ? a.S : otherwise;

        public static List<long>? Ints(this OnnxNode node, string name) => node.Attribute(name)?.Ints;

        public static string List(IEnumerable<long> values) => "[" + string.Join(",", values) + "]";

        /// <summary>The node as messages name it: its name, else its first output, else its operator.</summary>
        public static string Label(this OnnxNode node) =>
            node.Name.Length > 0 ? Shown(node.Name) : node.Outputs.Count > 0 && node.Outputs[0].Length > 0 ? Shown(node.Outputs[0]) : node.OpType;

        /// <summary>File text in a message: control characters visible, long names cut (a hostile file chooses them).</summary>
        public static string Shown(string text)
        {
            var sb = new System.Text.StringBuilder();
            foreach (char ch in text.Length > 80 ? text.Substring(0, 80) : text)
                sb.Append(char.IsControl(ch) || ch == '\u2028' || ch == '\u2029' ? $"\\u{(int)ch:x4}" : ch.ToString());
            return text.Length > 80 ? sb + "..." : sb.ToString();
        }
    }
}
