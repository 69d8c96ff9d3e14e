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
    /// the output of layer <see cref="Version"/> - 1 (0: the network input). NetGen stores both as CHW floats, so Flatten
    /// and Reshape between them move nothing.
    /// </summary>
    internal sealed class ActivationValue : ImportValue
    {
        public ActivationValue(int c, int h, int w, bool flat, int version, int pending = 0)
        {
            C = c; H = h; W = w; Flat = flat; Version = version; Pending = pending;
        }

        public int C { get; }
        public int H { get; }
        public int W { get; }
        public bool Flat { get; }
        public int Version { get; }
        /// <summary>LeCun's scaled tanh in progress, 1.7159 tanh(2/3 x): 1 after Mul(2/3), 2 after its Tanh.</summary>
        public int Pending { get; }
        public long Length => (long)C * H * W;
        public int Rank => Flat ? 2 : 4;
        public string ShapeText => Flat ? $"[N,{C}]" : $"[N,{C},{H},{W}]";

        public ActivationValue With(int pending) => new(C, H, W, Flat, Version, pending);
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
