using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Pad as a node (what torch writes for F.pad, and NetGen's exporter for a ceil-mode mean counting its padding): zeros
    /// around the rows and columns fold into the Conv or AveragePool that reads them (<see cref="PaddedValue"/>).
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// Pad (ONNX: pads [x1_begin, x2_begin, ..., x1_end, x2_end, ...] as an attribute before opset 11, as input 1 from
        /// it on with optional constant_value (input 2) and axes (input 3, opset 18)): constant mode, value 0, non-negative
        /// pads on the rows and columns of a map only.
        /// </summary>
        private bool Pad(OnnxNode node)
        {
            var problems = new List<string>();
            var value = Input(node, 0);
            ActivationValue? x;
            int[] before = new int[4];
            if (value is PaddedValue padded)
            {
                x = Stale(padded.Base) ? null : padded.Base;
                if (x is null) problems.Add($"reads '{NodeAttributes.Shown(node.Inputs[0])}', the value before an activation that NetGen fused into the layer that computed it");
                before = padded.Pads;
            }
            else x = Chain(node, 0, problems);
            if (x is { Flat: true }) problems.Add($"pads the flat value {x.ShapeText}; NetGen folds padding of [N,C,H,W] maps into a Conv or AveragePool");
            string mode = node.Text("mode", "constant");
            if (mode != "constant") problems.Add($"has mode '{NodeAttributes.Shown(mode)}'; NetGen pads with zeros (constant mode)");
            long[]? pads;
            long[]? axes = null;
            float fill;
            if (Opset < 11)
            {
                pads = node.Ints("pads")?.ToArray();
                fill = node.Float("value", 0f);
            }
            else
            {
                pads = Input(node, 1) is ConstantValue { Ints: { } p } ? p : null;
                fill = Input(node, 2) switch { null => 0f, ConstantValue { Scalar: float f } => f, _ => float.NaN };
                if (Input(node, 3) is { } a) axes = a is ConstantValue { Ints: { } ints } ? ints : new long[] { long.MaxValue };
            }
            if (fill != 0f) problems.Add(float.IsNaN(fill) ? "takes its constant_value from a computed value or a tensor that is not a scalar" : $"pads with {fill}; NetGen pads with zeros");
            axes ??= new long[] { 0, 1, 2, 3 };
            var sides = new long[8];
            if (pads is null || pads.Length != 2 * axes.Length) problems.Add("takes its pads from a computed value, or has pads that do not match its axes");
            else
                for (int i = 0; i < axes.Length; i++)
                {
                    long axis = axes[i] < 0 ? axes[i] + 4 : axes[i];
                    if (axis < 0 || axis > 3) { problems.Add($"has axes {NodeAttributes.List(axes)} on a rank-4 value"); break; }
                    sides[axis] = pads[i];
                    sides[axis + 4] = pads[i + axes.Length];
                }
            if (problems.Count > 0 || x is null) return Done(node, problems);
            if (sides[0] != 0 || sides[1] != 0 || sides[4] != 0 || sides[5] != 0 || sides.Any(v => v < 0) || sides.Any(v => v > Limits.MaxExtent))
                return Refuse(node, $"has pads {NodeAttributes.List(pads!)}; NetGen folds non-negative padding of the rows and columns (up to {Limits.MaxExtent}) into the next Conv or AveragePool");
            var total = new[] { before[0] + (int)sides[2], before[1] + (int)sides[3], before[2] + (int)sides[6], before[3] + (int)sides[7] };
            if (total.Any(v => v > Limits.MaxExtent)) return Refuse(node, $"pads by more than NetGen's limit of {Limits.MaxExtent}");
            // The Pad's read of x stays a use: an activation fused into x's layer would change what the padded reader sees.
            Output(node, new PaddedValue(x, total));
            return true;
        }

        private bool Stale(ActivationValue x) => x.Version != _sources[x.Source]!.Version;

        /// <summary>A Conv's or pool's input: a computed map, or one a Pad node padded with zeros (its pads in <paramref name="zeros"/>).</summary>
        private ActivationValue? Padded(OnnxNode node, List<string> problems, out int[] zeros)
        {
            zeros = new int[4];
            if (Input(node, 0) is not PaddedValue padded) return Chain(node, 0, problems);
            if (Stale(padded.Base))
            {
                problems.Add($"reads '{NodeAttributes.Shown(node.Inputs[0])}', padding the value before an activation that NetGen fused into the layer that computed it");
                return null;
            }
            zeros = padded.Pads;
            return padded.Base;
        }
    }
}
