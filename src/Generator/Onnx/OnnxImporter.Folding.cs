using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Folded at compile time: Constant, Cast, Flatten and Reshape between NetGen's CHW layouts, and the shape arithmetic
    /// torch.onnx.export writes for x.view(x.size(0), -1) (Shape, Gather, Unsqueeze, Concat, Reshape), the batch size
    /// carried as a symbol.
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        private bool ConstantNode(OnnxNode node)
        {
            OnnxTensor? t = null;
            foreach (var a in node.Attributes)
            {
                switch (a.Name)
                {
                    case "value" when a.T is not null: t = a.T; break;
                    case "value_float": t = new OnnxTensor { DataType = OnnxTensor.Float }; t.FloatData.Add(a.F); break;
                    case "value_floats": t = new OnnxTensor { DataType = OnnxTensor.Float }; t.Dims.Add(a.Floats.Count); t.FloatData.AddRange(a.Floats); break;
                    case "value_int": Output(node, new ConstantValue(new[] { a.I }, new long[0])); return true;
                    case "value_ints": Output(node, new ConstantValue(a.Ints.ToArray(), new long[] { a.Ints.Count })); return true;
                    default: return Refuse(node, $"has attribute '{NodeAttributes.Shown(a.Name)}'; NetGen folds constants given as value, value_float(s) or value_int(s)");
                }
            }
            if (t is null) return Refuse(node, "has no value");
            if (t.External) return Refuse(node, "keeps its value in an external file, which NetGen does not read");
            try
            {
                t.Check();
            }
            catch (OnnxFormatException e)
            {
                return Refuse(node, "has an invalid value: " + e.Message);
            }
            Output(node, new ConstantValue(t));
            return true;
        }

        private bool Cast(OnnxNode node)
        {
            long to = node.Int("to", 0);
            var x = Input(node, 0);
            if (x is ActivationValue && to == OnnxTensor.Float) return Alias(node);
            if (x is ConstantValue { Ints: not null } && to is OnnxTensor.Int64 or OnnxTensor.Int32) return Alias(node);
            return Refuse(node, $"casts {(x is ActivationValue ? "the network's value" : "a constant")} to data type {to}; NetGen computes in float and folds integer shapes only");
        }

        /// <summary>Flatten(axis 1): [N,C,H,W] to [N,CHW], NetGen's order already.</summary>
        private bool Flatten(OnnxNode node)
        {
            long axis = node.Int("axis", 1);
            if (Input(node, 0) is not ActivationValue x) return Refuse(node, "flattens a constant, which NetGen does not fold");
            if (!(axis == 1 || (x.Flat && axis == -1) || (!x.Flat && axis == -3)))
                return Refuse(node, $"has axis {axis} on {x.ShapeText}; NetGen flattens each sample whole (axis 1)");
            Transfer(x);
            Output(node, x.Reshaped((int)x.Length, 1, 1, true));
            return true;
        }

        /// <summary>
        /// Reshape to [N,D] (any D = C*H*W, -1 or 0 resolved as ONNX does) or back to the same maps, or a flat D to [N,D,1,1]:
        /// the shapes where NetGen's CHW data does not move and the next layer sees the shape it expects. A constant (a
        /// weight reshaped for broadcasting) keeps its data with the new dimensions.
        /// </summary>
        private bool Reshape(OnnxNode node)
        {
            if (Input(node, 1) is not ConstantValue { Ints: { } target }) return Refuse(node, "takes its shape from a computed value, which NetGen cannot fold");
            if (node.Int("allowzero", 0) != 0 && target.Contains(0)) return Refuse(node, "has allowzero 1 with a zero in its shape");
            if (Input(node, 0) is ConstantValue c)
            {
                if (target.Any(v => v < -1 || v == ConstantValue.Batch) || target.Count(v => v == -1) > 1) return Refuse(node, $"reshapes the constant {c.DimsText} to {NodeAttributes.List(target)}");
                var dims = target.Select((v, i) => v == 0 && i < c.Dims.Length ? c.Dims[i] : v).ToArray();
                long known = dims.Where(v => v != -1).Aggregate(1L, (p, v) => p * v);
                if (dims.Contains(-1) && known > 0 && c.Count % known == 0) dims = dims.Select(v => v == -1 ? c.Count / known : v).ToArray();
                if (dims.Aggregate(1L, (p, v) => p * v) != c.Count) return Refuse(node, $"reshapes the constant {c.DimsText} to {NodeAttributes.List(target)}");
                Output(node, new ConstantValue(c, dims));
                return true;
            }
            string wanted = NodeAttributes.List(target.Select(v => v == ConstantValue.Batch ? -2 : v)).Replace("-2", "N");
            // channel_shuffle's views (OnnxImporter.Shuffle.cs).
            if (Input(node, 0) is ShuffleView view) return Unview(node, view, target, wanted);
            if (Input(node, 0) is not ActivationValue x) return Refuse(node, "has no input");
            if (target.Length == 5) return GroupView(node, x, target, wanted);
            if (target.Length is not (2 or 4) || !(target[0] == ConstantValue.Batch || target[0] == 0 || target[0] == 1 && _fixedBatch == 1))
                return Refuse(node, $"reshapes {x.ShapeText} to {wanted}; NetGen keeps the batch dimension first and reshapes to [N,D] or [N,C,H,W]");
            long[] own = x.Flat ? new long[] { x.C } : new long[] { x.C, x.H, x.W };
            var rest = target.Skip(1).Select((v, i) => v == 0 && i < own.Length ? own[i] : v).ToArray();
            if (rest.Any(v => v < -1)) return Refuse(node, $"reshapes {x.ShapeText} to {wanted}, with the batch size or a negative size after the first dimension");
            long product = rest.Where(v => v != -1).Aggregate(1L, (p, v) => p * v);
            if (rest.Count(v => v == -1) == 1 && product > 0 && x.Length % product == 0) rest = rest.Select(v => v == -1 ? x.Length / product : v).ToArray();
            ActivationValue y;
            if (rest.Length == 1 && rest[0] == x.Length)
                y = x.Reshaped((int)x.Length, 1, 1, true);
            else if (rest.Length == 3 && ((!x.Flat && rest[0] == x.C && rest[1] == x.H && rest[2] == x.W) || (rest[0] == x.Length && rest[1] == 1 && rest[2] == 1)))
                y = x.Reshaped((int)rest[0], (int)rest[1], (int)rest[2], false);
            else
                return Refuse(node, $"reshapes {x.ShapeText} to {wanted}; NetGen has no layer that reinterprets its maps (only [N,D] and back to the same maps fold)");
            Transfer(x);
            Output(node, y);
            return true;
        }

        /// <summary>Shape of the running value ([N,C,H,W] with N the symbolic batch) or of a constant, start/end as ONNX slices them.</summary>
        private bool Shape(OnnxNode node)
        {
            var value = Input(node, 0);
            Transfer(value);   // the shape alone: not a read of the data
            long[] shape = (value is ExprValue e ? e.Base : value) switch
            {
                ActivationValue { Flat: true } x => new[] { ConstantValue.Batch, x.C },
                ActivationValue x => new[] { ConstantValue.Batch, x.C, x.H, x.W },
                ConstantValue c => c.Dims,
                ShuffleView view => view.Dims,
                PaddedValue { Base: var b, Pads: var p } => new[] { ConstantValue.Batch, b.C, (long)b.H + p[0] + p[2], (long)b.W + p[1] + p[3] },
                _ => new long[0],
            };
            long r = shape.Length;
            long Clamp(long v) => System.Math.Max(0, System.Math.Min(r, v < 0 ? v + r : v));
            long start = Clamp(node.Int("start", 0)), end = Clamp(node.Int("end", r));
            var result = shape.Skip((int)start).Take((int)System.Math.Max(0, end - start)).ToArray();
            Output(node, new ConstantValue(result, new long[] { result.Length }));
            return true;
        }

        /// <summary>Gather on axis 0 of a 1-D integer constant (a shape): x.size(0) and the like.</summary>
        private bool Gather(OnnxNode node)
        {
            if (Input(node, 0) is not ConstantValue { Ints: { } data } source || source.Dims.Length != 1)
                return Refuse(node, "gathers from a computed value or a non-integer constant; NetGen folds Gather on shapes only");
            if (Input(node, 1) is not ConstantValue { Ints: { } indices } index) return Refuse(node, "has computed indices");
            if (node.Int("axis", 0) != 0) return Refuse(node, $"has axis {node.Int("axis", 0)} on a 1-D shape");
            var result = new long[indices.Length];
            for (int i = 0; i < indices.Length; i++)
            {
                long at = indices[i] < 0 ? indices[i] + data.Length : indices[i];
                if (at < 0 || at >= data.Length) return Refuse(node, $"has index {indices[i]} outside the {data.Length} values it gathers from");
                result[i] = data[at];
            }
            Output(node, new ConstantValue(result, index.Dims));
            return true;
        }

        /// <summary>Unsqueeze and Squeeze of an integer constant: the values stay, the dimensions change (axes as attribute before opset 13, input after).</summary>
        private bool Unsqueeze(OnnxNode node)
        {
            if (Input(node, 0) is not ConstantValue { Ints: not null } c)
                return Refuse(node, $"{(node.OpType == "Squeeze" ? "squeezes" : "unsqueezes")} a computed value or a float constant; NetGen folds it on integer shapes only");
            var axes = (Input(node, 1) as ConstantValue)?.Ints ?? node.Ints("axes")?.ToArray() ?? new long[0];
            var dims = new List<long>(c.Dims);
            if (node.OpType == "Unsqueeze")
            {
                int rank = dims.Count + axes.Length;
                foreach (long axis in axes.Select(a => a < 0 ? a + rank : a).OrderBy(a => a))
                {
                    if (axis < 0 || axis > dims.Count) return Refuse(node, $"has axes {NodeAttributes.List(axes)} outside rank {rank}");
                    dims.Insert((int)axis, 1);
                }
            }
            else
            {
                var drop = axes.Length == 0 ? Enumerable.Range(0, dims.Count).Where(i => dims[i] == 1).Select(i => (long)i).ToList()
                    : axes.Select(a => a < 0 ? a + dims.Count : a).ToList();
                if (drop.Any(a => a < 0 || a >= dims.Count || dims[(int)a] != 1)) return Refuse(node, $"has axes {NodeAttributes.List(axes)} that are not 1-dimensions of {c.DimsText}");
                dims = dims.Where((_, i) => !drop.Contains(i)).ToList();
            }
            Output(node, new ConstantValue(c, dims.ToArray()));
            return true;
        }

        /// <summary>Concat of integer constants (a shape being built); of computed values, a join (<see cref="ConcatJoin"/>).</summary>
        private bool Concat(OnnxNode node)
        {
            var parts = new List<long>();
            if (Enumerable.Range(0, node.Inputs.Count).Any(i => Input(node, i) is ActivationValue)) return ConcatValues(node);
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                if (Input(node, i) is not ConstantValue { Ints: { } ints } c || c.Dims.Length > 1)
                    return Refuse(node, "concatenates float or multi-dimensional constants; NetGen folds Concat on 1-D shapes only");
                parts.AddRange(ints);
            }
            Output(node, new ConstantValue(parts.ToArray(), new long[] { parts.Count }));
            return true;
        }

        /// <summary>Add, Sub, Mul, Div of integer constants (shape arithmetic), elementwise or with a scalar; Div truncates as ONNX's integer Div.</summary>
        private bool Arithmetic(OnnxNode node)
        {
            if (Input(node, 0) is not ConstantValue { Ints: { } a } ca || Input(node, 1) is not ConstantValue { Ints: { } b } cb)
                return Refuse(node, Input(node, 0) is ActivationValue || Input(node, 1) is ActivationValue
                    ? "computes on the network's value; NetGen has no layer for it (a bias Add after MatMul, Gemm or Conv folds)"
                    : "computes on float constants, which NetGen does not fold");
            if (a.Length != b.Length && a.Length != 1 && b.Length != 1) return Refuse(node, $"combines constants of shapes {ca.DimsText} and {cb.DimsText}");
            if (a.Contains(ConstantValue.Batch) || b.Contains(ConstantValue.Batch)) return Refuse(node, "computes with the batch size, which is not known when compiling");
            int n = System.Math.Max(a.Length, b.Length);
            var result = new long[n];
            for (int i = 0; i < n; i++)
            {
                long x = a[a.Length == 1 ? 0 : i], y = b[b.Length == 1 ? 0 : i];
                if (node.OpType == "Div" && y == 0) return Refuse(node, "divides by zero");
                result[i] = unchecked(node.OpType switch { "Add" => x + y, "Sub" => x - y, "Mul" => x * y, _ => x / y });
            }
            Output(node, new ConstantValue(result, (a.Length >= b.Length ? ca : cb).Dims));
            return true;
        }
    }
}
