using System.Collections.Generic;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>Operator type to handler; the activations, and Add/Mul where they fold into a layer.</summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>What the importer maps, for the refusal of any other operator.</summary>
        public const string Supported = "Conv, BatchNormalization, MaxPool, AveragePool, GlobalAveragePool, Gemm, MatMul (+ Add), LRN, Softmax, LogSoftmax, "
            + "Resize/Upsample (nearest, integer factor), Add of two values, Concat on the maps, PRelu, the activations (Relu, LeakyRelu, Sigmoid, Tanh, Elu, Selu, "
            + "Celu, Softplus, Softsign, HardSigmoid, HardSwish, Mish, Gelu, Clip) and elementwise formulas equal to one (Erf, Exp, Neg, Abs, Sqrt, Add, Sub, Mul, Div, Pow), "
            + "Dropout, Identity, Constant, Flatten, Reshape, Shape, Gather, Unsqueeze, Squeeze, Cast, Pad (zeros, into a Conv or AveragePool)"
            + ", ConvTranspose, Transpose (channel shuffle), Slice and Split on the maps, ReduceSumSquare in an RBF layer (Unsqueeze, Sub, ReduceSumSquare)";

        /// <summary>Handles one node whose inputs are all known; false when it was refused (and reported).</summary>
        private bool Dispatch(OnnxNode node)
        {
            switch (node.OpType)
            {
                case "Conv": return Conv(node);
                case "BatchNormalization": return BatchNorm(node);
                case "MaxPool": return Pool(node, LayerKind.MaxPool);
                case "AveragePool": return Pool(node, LayerKind.AvgPool);
                case "GlobalAveragePool": return GlobalAveragePool(node);
                case "Gemm": return Gemm(node);
                case "MatMul": return MatMul(node);
                case "Softmax": return Softmax(node, LayerKind.Softmax);
                case "LogSoftmax": return Softmax(node, LayerKind.LogSoftmax);
                case "LRN": return Lrn(node);
                case "Resize" or "Upsample": return Resize(node);
                case "PRelu": return Prelu(node);
                case "Add": return Add(node);
                case "Mul" or "Sub" or "Div" or "Pow":
                    return Input(node, 0) is ConstantValue && Input(node, 1) is ConstantValue ? Arithmetic(node) : BinaryFormula(node);
                case "Dropout": return Dropout(node);
                case "Identity": return Alias(node);
                case "Constant": return ConstantNode(node);
                case "Flatten": return Flatten(node);
                case "Reshape": return Reshape(node);
                case "Shape": return Shape(node);
                case "Gather": return Gather(node);
                case "Unsqueeze" or "Squeeze": return Unsqueeze(node);
                case "Concat": return Concat(node);
                case "Cast": return Cast(node);
                case "Pad": return Pad(node);
                case "ConvTranspose": return ConvTranspose(node);
                case "Transpose": return Transpose(node);
                case "Slice": return Slice(node);
                case "Split": return Split(node);
                default:
                    if (OnnxFormula.UnaryOps.Contains(node.OpType)) return UnaryFormula(node);
                    return false;   // Audit reported it: not an operator NetGen imports
            }
        }

        /// <summary>
        /// Add: of two constants, shape arithmetic; of a constant right after a MatMul, Gemm or Conv that nothing else reads,
        /// that layer's bias; of a scalar to a formula (GELU's 1 + erf), a longer formula; of two computed values, a join.
        /// </summary>
        private bool Add(OnnxNode node)
        {
            var a = Input(node, 0);
            var b = Input(node, 1);
            if (a is ConstantValue && b is ConstantValue) return Arithmetic(node);
            if (a is not ConstantValue && b is not ConstantValue)
            {
                // Two formulas of one value stay a formula (the tanh GELU's u + 0.044715 u^3); anything else is a join.
                var ea = a as ExprValue;
                var eb = b as ExprValue;
                var (ba, bb) = (ea?.Base ?? a as ActivationValue, eb?.Base ?? b as ActivationValue);
                if ((ea is not null || eb is not null) && ba is not null && bb is not null && ba.Source == bb.Source && ba.Version == bb.Version)
                    return BinaryFormula(node);
                return Join(node);
            }
            int index = a is ConstantValue ? 0 : 1;
            if (Input(node, 1 - index) is ActivationValue x && x.Version == _sources[x.Source]!.Version)
            {
                var c = (ConstantValue)Input(node, index)!;
                long[] dims = c.Dims;
                var last = Fusable(x, new Dictionary<int, int> { [x.Source] = 1 });
                // A per-unit constant: [D] or [1,D] after a dense layer, [M,1,1] or [1,M,1,1] after a convolution, or a scalar.
                bool perMap = c.Count == 1 || (c.Count == x.C && (x.Flat || (dims.Length >= 3 && dims[dims.Length - 1] == 1 && dims[dims.Length - 2] == 1)));
                if (last is not null && last.Spec.Kind is LayerKind.Dense or LayerKind.Conv && perMap && c.Floats is { } addend)
                {
                    string name = last.Spec.Name!;
                    var bias = Weights.TryGetValue(name + ".bias", out var existing) ? (float[])existing.Clone() : new float[x.C];
                    for (int i = 0; i < bias.Length; i++) bias[i] += addend[addend.Length == 1 ? 0 : i];
                    if (Plus(existing, Origin(c, addend.Length == 1 && bias.Length != 1 ? OriginOp.Fill : OriginOp.Copy)) is { } terms) _origins[bias] = terms;
                    Weights[name + ".bias"] = bias;
                    if (last.Spec is ConvSpec { NoBias: true } conv) last.Spec = conv with { NoBias = false };
                    Transfer(x);
                    Output(node, x);
                    return true;
                }
                if (c.Scalar is null)
                    return Refuse(node, $"adds a constant of shape {NodeAttributes.List(dims)} to {x.ShapeText}; only a bias right after a MatMul, Gemm or Conv (one value per unit or map) folds into NetGen's layers");
            }
            return BinaryFormula(node);
        }

        /// <summary>Dropout is the identity at inference; its mask output and training mode are not.</summary>
        private bool Dropout(OnnxNode node)
        {
            if (Input(node, 2) is ConstantValue { Ints: { Length: 1 } mode } && mode[0] != 0) return Refuse(node, "has training_mode true; NetGen imports the inference graph");
            if (Input(node, 2) is ActivationValue) return Refuse(node, "takes training_mode from a computed value");
            return Alias(node);
        }

        private bool Alias(OnnxNode node)
        {
            var value = Input(node, 0);
            if (value is null) return Refuse(node, "has no input");
            Transfer(value);
            Output(node, value);
            return true;
        }
    }
}
