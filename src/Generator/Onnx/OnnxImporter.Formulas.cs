using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Activations as exporters write them: elementwise operators on one computed value build a formula
    /// (<see cref="OnnxFormula"/>), which becomes a layer when something reads it as data: the activation fused into the
    /// layer that computed the value when nothing else reads that value, else a standalone [Activation] layer. So Relu
    /// after a Conv, Clip(0, 6), Sigmoid(x) * x and torch's GELU (Div, Erf, Add, Mul, Mul) all map, wherever they stand.
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>Operators that read a formula without mapping it: they extend it, pass it on, or read only its shape.</summary>
        private static readonly HashSet<string> FormulaOps = new(OnnxFormula.UnaryOps.Concat(new[] { "Add", "Sub", "Mul", "Div", "Pow", "Identity", "Dropout", "Shape" }), StringComparer.Ordinal);

        /// <summary>The activations a formula may equal, for messages.</summary>
        private const string FormulaTargets = "ReLU, LeakyRelu, Sigmoid, Tanh, ScaledTanh, Elu, Selu, Celu, Softplus, Softsign, Relu6, Hardsigmoid, Gelu, GeluTanh, Silu, Mish, Hardswish";

        /// <summary>One operand of a formula: the computed value u, a formula of u, or a scalar constant (no base).</summary>
        private readonly struct Term
        {
            public Term(ActivationValue? @base, OnnxFormula formula, long[] reads, ExprValue? expr = null)
            {
                Base = @base; Formula = formula; Reads = reads; Expr = expr;
            }

            /// <summary>The formula value read, when the operand is one.</summary>
            public ExprValue? Expr { get; }

            public ActivationValue? Base { get; }
            public OnnxFormula Formula { get; }
            public long[] Reads { get; }
        }

        /// <summary>Input <paramref name="index"/> as a formula operand, or null with the reason (a constant that is not a scalar...).</summary>
        private Term? TermOf(OnnxNode node, int index, out string? problem)
        {
            problem = null;
            long read = (long)_node * 8 + Math.Min(index, 7);
            switch (Input(node, index))
            {
                case ActivationValue a when a.Version != _sources[a.Source]!.Version:
                    problem = $"reads '{NodeAttributes.Shown(node.Inputs[index])}', the value before an activation that NetGen fused into the layer that computed it";
                    return null;
                case ActivationValue a:
                    return new Term(a, OnnxFormula.U, new[] { ((long)a.Source << 32) | read });
                case ExprValue e:
                    return new Term(e.Base, e.Formula, e.Reads.Append(((long)e.Key << 32) | read).OrderBy(r => r).ToArray(), e);
                case ConstantValue c when c.Scalar is float v:
                    return new Term(null, OnnxFormula.Constant(v), Array.Empty<long>());
                case ShuffleView view:
                    problem = $"computes on '{NodeAttributes.Shown(node.Inputs[index])}', {ViewText(view)}";
                    return null;
                case PaddedValue:
                    problem = $"computes on '{NodeAttributes.Shown(node.Inputs[index])}', the output of a Pad node; NetGen folds a Pad of zeros only into the Conv or AveragePool that reads it";
                    return null;
                case ConstantValue c:
                    problem = $"combines a computed value with the constant '{NodeAttributes.Shown(node.Inputs[index])}' of shape {c.DimsText}; NetGen maps elementwise formulas with scalar constants only";
                    return null;
                default:
                    problem = $"has no input {index}";
                    return null;
            }
        }

        /// <summary>A unary operator on a computed value or formula: a longer formula.</summary>
        private bool UnaryFormula(OnnxNode node)
        {
            var x = TermOf(node, 0, out string? problem);
            if (x is null) return Refuse(node, problem!);
            if (x.Value.Base is null) return Refuse(node, $"computes on the constant '{NodeAttributes.Shown(node.Inputs[0])}', which NetGen does not fold");
            float a = 0, b = 0;
            switch (node.OpType)
            {
                case "LeakyRelu": a = node.Float("alpha", 0.01f); break;
                case "Elu" or "Celu": a = node.Float("alpha", 1f); break;
                case "Selu": a = node.Float("alpha", 1.67326319217681884765625f); b = node.Float("gamma", 1.05070102214813232421875f); break;
                case "HardSigmoid": a = node.Float("alpha", 0.2f); b = node.Float("beta", 0.5f); break;
                case "Gelu":
                    string approximate = node.Text("approximate", "none");
                    if (approximate is not ("none" or "tanh")) return Refuse(node, $"has approximate '{NodeAttributes.Shown(approximate)}', which ONNX does not define");
                    a = approximate == "tanh" ? 1 : 0;
                    break;
                case "Clip":
                    var bounds = ClipBounds(node);
                    if (bounds is null) return Refuse(node, "takes its min or max from a computed value or a tensor that is not a scalar");
                    (a, b) = bounds.Value;
                    break;
            }
            var outer = x.Value.Expr is null ? null : OnnxFormula.Unary(node.OpType, OnnxFormula.U, a, b);
            return Extend(node, x.Value.Base, OnnxFormula.Unary(node.OpType, x.Value.Formula, a, b), x.Value.Reads, x.Value.Expr, outer);
        }

        /// <summary>Clip's bounds: attributes min and max before opset 11, optional scalar inputs 1 and 2 from it on.</summary>
        private (float Min, float Max)? ClipBounds(OnnxNode node)
        {
            if (Opset < 11) return (node.Float("min", float.MinValue), node.Float("max", float.MaxValue));
            float? Bound(int index, float otherwise) => Input(node, index) switch
            {
                null => otherwise,
                ConstantValue { Scalar: float v } => v,
                _ => null,
            };
            return Bound(1, float.NegativeInfinity) is float min && Bound(2, float.PositiveInfinity) is float max ? (min, max) : null;
        }

        /// <summary>Add, Sub, Mul, Div or Pow of two operands of which at least one is computed: one formula when they share u.</summary>
        private bool BinaryFormula(OnnxNode node)
        {
            var x = TermOf(node, 0, out string? problem);
            var y = x is null ? null : TermOf(node, 1, out problem);
            if (x is null || y is null) return Refuse(node, problem!);
            var (bx, by) = (x.Value.Base, y.Value.Base);
            if (bx is not null && by is not null && (bx.Source != by.Source || bx.Version != by.Version) && node.OpType == "Mul")
                return MulJoin(node);
            if (bx is not null && by is not null && (bx.Source != by.Source || bx.Version != by.Version))
                return Refuse(node, $"{Verb(node.OpType)} two different computed values; NetGen joins two values only by Add (a residual join), Mul (a product) or Concat");
            var reads = x.Value.Reads.Concat(y.Value.Reads).Distinct().OrderBy(r => r).ToArray();
            // One formula operand with scalars, or the same one twice: the operation alone on the operand's layer is the fallback.
            ExprValue? child = x.Value.Expr ?? y.Value.Expr;
            bool single = child is not null && (x.Value.Expr ?? child) == child && (y.Value.Expr ?? child) == child && (bx is null || x.Value.Expr is not null) && (by is null || y.Value.Expr is not null);
            OnnxFormula Side(Term t) => t.Expr is null ? t.Formula : OnnxFormula.U;
            var outer = single ? OnnxFormula.Binary(node.OpType, Side(x.Value), Side(y.Value)) : null;
            return Extend(node, bx ?? by!, OnnxFormula.Binary(node.OpType, x.Value.Formula, y.Value.Formula), reads, single ? child : null, outer);
        }

        private bool Extend(OnnxNode node, ActivationValue @base, OnnxFormula formula, long[] reads, ExprValue? child, OnnxFormula? outer)
        {
            if (formula.Size > OnnxFormula.MaxSize)
                return Refuse(node, $"makes an elementwise formula of more than {OnnxFormula.MaxSize} operations on one value; NetGen maps formulas that are activations ({FormulaTargets})");
            Output(node, new ExprValue(@base, formula, node, NewKey(null), reads) { Child = child, Outer = outer });
            return true;
        }

        private static string Verb(string op) => op switch
        {
            "Mul" => "multiplies a computed value",
            "Add" => "adds to a computed value",
            "Sub" => "subtracts with a computed value",
            "Div" => "divides with a computed value",
            "Pow" => "raises a computed value to a power",
            _ => $"applies {op} to a computed value",
        };

        /// <summary>
        /// The layer a formula becomes, read as data for the first time: none when it equals u, the activation fused into
        /// u's layer when every read of u and of the formula's parts is the formula's own, else a standalone activation
        /// layer (a Relu there is a leaky one of slope 0, exact). Null after reporting a formula that is no activation.
        /// </summary>
        private ActivationValue? Map(ExprValue e)
        {
            if (e.Mapped is not null || e.Failed) return e.Mapped;
            var x = e.Base;
            var found = x.Version == _sources[x.Source]!.Version ? e.Formula.Identify() : null;
            if (found is null && e.Child is { } child && e.Outer is { } outer)
            {
                // The part first (its own layer or fused activation), then this operation as a formula of the part's value.
                if (Map(child) is not { } part)
                {
                    e.Failed = true;
                    return null;
                }
                var rest = new ExprValue(part, outer, e.Root, e.Key, new[] { ((long)part.Source << 32) | (long)_node * 8 });
                var result = Map(rest);
                e.Failed = rest.Failed;
                e.Mapped = rest.Mapped;
                return result;
            }
            if (x.Version != _sources[x.Source]!.Version || found is null)
            {
                e.Failed = true;
                Refuse(e.Root, x.Version != _sources[x.Source]!.Version
                    ? "reads the value before an activation that NetGen fused into the layer that computed it"
                    : $"{Verb(e.Root.OpType)}: the formula f(u) = {e.Formula} is no NetGen activation (elementwise formulas map when they equal {FormulaTargets}, or LeakyRelu, Elu and Celu with their alpha)");
                return null;
            }
            var (kind, argument) = found.Value;
            ActivationValue mapped;
            if (kind == ActivationKind.Identity) mapped = x;
            else
            {
                var reads = new Dictionary<int, int>();
                foreach (long r in e.Reads) reads[(int)(r >> 32)] = reads.TryGetValue((int)(r >> 32), out int n) ? n + 1 : 1;
                bool defaults = kind is not (ActivationKind.LeakyRelu or ActivationKind.Prelu) && (float.IsNaN(argument) || argument == 1f);
                if (defaults && Fusable(x, reads) is { } layer)
                {
                    // Every read of u was the formula's: the fused layer's output has the formula's readers only.
                    mapped = Fuse(layer, kind, x);
                    _uses[mapped.Source] = 0;
                }
                else
                {
                    var spec = kind is ActivationKind.ReLU or ActivationKind.LeakyRelu
                        ? new ActivationSpec { Kind = LayerKind.LeakyRelu, Function = (int)ActivationKind.LeakyRelu, Slope = kind == ActivationKind.ReLU ? 0f : argument }
                        : new ActivationSpec { Kind = LayerKind.Activation, Function = (int)kind, Alpha = kind is ActivationKind.Elu or ActivationKind.Celu && !float.IsNaN(argument) ? argument : null };
                    mapped = NewLayer(e.Root, spec, x, null, new[] { x });
                }
            }
            _uses[mapped.Source] += _uses[e.Key];
            e.Mapped = mapped;
            return mapped;
        }

        /// <summary>PRelu (ONNX: slope broadcast to x, one per map or a scalar) as a standalone [Activation(Activation.Prelu)] with its slopes.</summary>
        private bool Prelu(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            var slope = Constant(node, 1, "slope", problems);
            if (problems.Count > 0 || x is null || slope is null) return Done(node, problems);
            long[] dims = DimsOf(node, 1);
            // One slope per map: [C], [C,1,1] or [1,C,1,1] on maps, [C] or [1,C] on a flat value; or one for all.
            bool perMap = slope.Length == x.C && (x.Flat ? dims.Length <= 2 : dims.Length >= 3 && dims[dims.Length - 1] == 1 && dims[dims.Length - 2] == 1 || dims.Length == 1 && x.H * x.W == 1);
            var source = _sources[x.Source]!;
            if (x.Flat && source.H * source.W != 1)
                return Refuse(node, $"applies PRelu to {x.ShapeText}, flattened from maps of {source.H}x{source.W}; NetGen's PRelu learns one slope per map of the maps it reads");
            if (slope.Length != 1 && !perMap)
                return Refuse(node, $"has slopes of shape {NodeAttributes.List(dims)} for {x.ShapeText}; NetGen's PRelu learns one slope per map");
            var weight = slope.Length == 1 && x.C != 1 ? Derived(Enumerable.Repeat(slope[0], x.C).ToArray(), Origin((ConstantValue)Input(node, 1)!, OriginOp.Fill)) : slope;
            AddLayer(node, new ActivationSpec { Kind = LayerKind.Activation, Function = (int)ActivationKind.Prelu }, x, WeightName(node, 1), new[] { x }, ("weight", weight));
            return true;
        }
    }
}
