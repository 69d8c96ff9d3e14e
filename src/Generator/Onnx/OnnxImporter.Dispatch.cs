using System.Collections.Generic;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>Operator type to handler; the activations, and Add/Mul where they fold into a layer.</summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>What the importer maps, for the refusal of any other operator.</summary>
        public const string Supported = "Conv, BatchNormalization, Relu, LeakyRelu, Sigmoid, Tanh, MaxPool, AveragePool, GlobalAveragePool, "
            + "Gemm, MatMul (+ Add), LRN, Softmax, Resize/Upsample (nearest, integer factor), Dropout, Identity, Constant, Flatten, Reshape, Shape, Gather, Unsqueeze, Squeeze, Concat, Cast";

        private const float ScaledTanhA = 1.7159f, ScaledTanhB = 2f / 3f;

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
                case "Softmax": return Softmax(node);
                case "LRN": return Lrn(node);
                case "Resize" or "Upsample": return Resize(node);
                case "LeakyRelu": return LeakyRelu(node, node.Float("alpha", 0.01f));
                case "Relu": return Activation(node, ActivationKind.ReLU);
                case "Sigmoid": return Activation(node, ActivationKind.Sigmoid);
                case "Tanh": return Activation(node, ActivationKind.Tanh);
                case "Add": return Add(node);
                case "Mul": return Mul(node);
                case "Sub" or "Div": return Arithmetic(node);
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
                default:
                    return false;   // Audit reported it: not an operator NetGen imports
            }
        }

        /// <summary>
        /// Relu, Sigmoid, Tanh: the activation of the layer before when it has none and nothing else reads its output;
        /// otherwise a Relu is a leaky one of slope 0 (exact), and Sigmoid or Tanh have no layer of their own. A Tanh between
        /// Mul(2/3) and Mul(1.7159) is LeCun's scaled tanh.
        /// </summary>
        private bool Activation(OnnxNode node, ActivationKind kind)
        {
            if (kind == ActivationKind.Tanh && Input(node, 0) is ActivationValue { Pending: 1 } pending && pending.Version == _serial)
            {
                Output(node, pending.With(2));
                return true;
            }
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            if (problems.Count > 0 || x is null) return Done(node, problems);
            if (Fusable(node.Inputs[0], x) is not null)
            {
                Fuse(node, kind, x);
                return true;
            }
            if (kind == ActivationKind.ReLU) return LeakyRelu(node, 0f);
            return Refuse(node, $"follows {(_layers.Count == 0 ? "the network input" : "a layer whose activation is taken or which has none, or a value read twice")}; NetGen applies {kind} only as the activation of a Conv, Gemm/MatMul or BatchNormalization");
        }

        /// <summary>Add: a constant bias right after a MatMul, Gemm or Conv folds into the layer's bias; a join of two values is refused.</summary>
        private bool Add(OnnxNode node)
        {
            var a = Input(node, 0);
            var b = Input(node, 1);
            if (a is ConstantValue && b is ConstantValue) return Arithmetic(node);
            if (a is ActivationValue && b is ActivationValue)
                return Refuse(node, "adds two computed values (a residual join); NetGen expresses joins only inside [Residual] blocks, which the importer does not recognize yet: declare the network with attributes");
            int index = a is ConstantValue ? 0 : 1;
            var problems = new List<string>();
            var x = Chain(node, 1 - index, problems);
            var c = Constant(node, index, "addend", problems);
            if (problems.Count > 0 || x is null || c is null) return Done(node, problems);
            var last = Fusable(node.Inputs[1 - index], x);
            long[] dims = DimsOf(node, index);
            // A per-unit constant: [D] or [1,D] after a dense layer, [M,1,1] or [1,M,1,1] after a convolution, or a scalar.
            bool perMap = c.Length == 1 || (c.Length == x.C && (x.Flat || (dims.Length >= 3 && dims[dims.Length - 1] == 1 && dims[dims.Length - 2] == 1)));
            if (last is null || last.Kind is not (LayerKind.Dense or LayerKind.Conv) || !perMap)
                return Refuse(node, $"adds a constant of shape {NodeAttributes.List(dims)} to {x.ShapeText}; only a bias right after a MatMul, Gemm or Conv (one value per unit or map) folds into NetGen's layers");
            string name = last.Name!;
            var bias = Weights.TryGetValue(name + ".bias", out var existing) ? (float[])existing.Clone() : new float[x.C];
            for (int i = 0; i < bias.Length; i++) bias[i] += c[c.Length == 1 ? 0 : i];
            Weights[name + ".bias"] = bias;
            if (last is ConvSpec { NoBias: true } conv) _layers[_layers.Count - 1] = conv with { NoBias = false };
            _serial++;
            Output(node, new ActivationValue(x.C, x.H, x.W, x.Flat, _serial));
            return true;
        }

        /// <summary>Mul: the two constants of LeCun's scaled tanh around a Tanh, or shape arithmetic on constants.</summary>
        private bool Mul(OnnxNode node)
        {
            var a = Input(node, 0);
            var b = Input(node, 1);
            if (a is ConstantValue && b is ConstantValue) return Arithmetic(node);
            var (x, c) = a is ActivationValue va ? (va, b as ConstantValue) : (b as ActivationValue, a as ConstantValue);
            if (x is not null && c?.Scalar is float factor && x.Version == _serial)
            {
                if (x.Pending == 0 && factor == ScaledTanhB && Fusable(node.Inputs[a is ActivationValue ? 0 : 1], x) is not null)
                {
                    Output(node, x.With(1));
                    return true;
                }
                if (x.Pending == 2 && factor == ScaledTanhA)
                {
                    Fuse(node, ActivationKind.ScaledTanh, x);
                    return true;
                }
            }
            return Refuse(node, "multiplies a computed value; NetGen has no scaling layer (only the scaled tanh 1.7159 tanh(2/3 x) of the layer before folds)");
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
            Output(node, value);
            return true;
        }
    }
}
