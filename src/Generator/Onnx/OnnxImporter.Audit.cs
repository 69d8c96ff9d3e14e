using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// The checks a node's attributes and outputs alone decide, run on every node, also on those whose input was already
    /// refused: so a file gets one diagnostic per problem, not only the first problem of its chain.
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        private static readonly HashSet<string> Known = new(System.StringComparer.Ordinal)
        {
            "Conv", "BatchNormalization", "MaxPool", "AveragePool", "GlobalAveragePool", "Gemm", "MatMul", "Softmax", "LogSoftmax", "LRN", "Resize", "Upsample",
            "PRelu", "Add", "Mul", "Sub", "Div", "Pow", "Dropout", "Identity", "Constant", "Flatten", "Reshape", "Shape",
            "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Pad",
            // Elementwise: activations and the operators exporters write them with (OnnxFormula.UnaryOps).
            "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Selu", "Celu", "Softplus", "Softsign", "HardSigmoid", "HardSwish", "Mish",
            "Gelu", "Erf", "Clip", "Exp", "Neg", "Abs", "Sqrt",
            "ConvTranspose",
            "Transpose", "Slice", "Split",
        };

        private List<string> Audit(OnnxNode node)
        {
            var problems = new List<string>();
            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
                problems.Add($"is in domain '{NodeAttributes.Shown(node.Domain)}'; NetGen imports the standard ai.onnx operators only");
            else if (!Known.Contains(node.OpType))
                problems.Add($"is not an operator NetGen imports (it maps {Supported})");
            switch (node.OpType)
            {
                case "Conv" or "MaxPool" or "AveragePool":
                    WindowAttributes(node, problems);
                    break;
                case "BatchNormalization":
                    if (node.Int("training_mode", 0) != 0) problems.Add("has training_mode 1; NetGen imports the inference graph");
                    if (Opset < 9 && node.Int("spatial", 1) != 1) problems.Add("has spatial 0 (statistics per unit); NetGen's batch norm is per map");
                    if (node.Outputs.Skip(1).Any(Read)) problems.Add("uses its training outputs (the updated running statistics)");
                    float epsilon = node.Float("epsilon", 1e-5f);
                    if (!(epsilon > 0) || float.IsInfinity(epsilon)) problems.Add($"has epsilon {epsilon}; NetGen needs a positive finite epsilon");
                    break;
                case "Gemm":
                    if (node.Int("transA", 0) != 0) problems.Add("has transA 1; NetGen's dense layer multiplies the value from the left, untransposed");
                    break;
                case "LRN":
                    long size = node.Int("size", 0);
                    if (size < 1) problems.Add($"has size {size}");
                    else if (size % 2 == 0) problems.Add($"has the even size {size}: ONNX centres its window one map later than NetGen (and PyTorch) do");
                    break;
                case "Dropout":
                    if (node.Outputs.Count > 1 && Read(node.Outputs[1])) problems.Add("uses its mask output");
                    break;
                case "Resize" or "Upsample":
                    ResizeAttributes(node, problems);
                    break;
                case "ConvTranspose":
                    ConvTransposeAttributes(node, problems);
                    break;
            }
            return problems;
        }

        /// <summary>
        /// Conv and pools: a 2-D kernel_shape (required for pools), strides, dilations (1 for pools) and non-negative pads
        /// [t, l, b, r] of the right lengths, a known auto_pad; the values themselves are mapped in OnnxImporter.Geometry.cs.
        /// </summary>
        private void WindowAttributes(OnnxNode node, List<string> problems)
        {
            var shape = node.Ints("kernel_shape");
            if (shape is null && node.OpType != "Conv") problems.Add("has no kernel_shape");
            if (shape is not null && (shape.Count != 2 || shape.Any(k => k < 1)))
                problems.Add($"has kernel_shape {NodeAttributes.List(shape)}; NetGen windows are 2-D");
            var strides = node.Ints("strides");
            if (strides is not null && (strides.Count != 2 || strides.Any(s => s < 1)))
                problems.Add($"has strides {NodeAttributes.List(strides)}; NetGen takes two positive strides (rows, columns)");
            var dilations = node.Ints("dilations");
            if (dilations is not null && node.OpType != "Conv" && dilations.Any(d => d != 1))
                problems.Add($"has dilations {NodeAttributes.List(dilations)}; NetGen pools are not dilated");
            else if (dilations is not null && (dilations.Count != 2 || dilations.Any(d => d < 1)))
                problems.Add($"has dilations {NodeAttributes.List(dilations)}; NetGen takes two positive dilations (rows, columns)");
            string autoPad = node.Text("auto_pad", "NOTSET");
            var pads = node.Ints("pads");
            if (autoPad is not ("NOTSET" or "" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
                problems.Add($"has auto_pad '{NodeAttributes.Shown(autoPad)}', which ONNX does not define");
            else if (autoPad is "NOTSET" or "" && pads is not null && (pads.Count != 4 || pads.Any(v => v < 0)))
                problems.Add($"has pads {NodeAttributes.List(pads)}; NetGen takes four non-negative pads [top, left, bottom, right]");
            if (node.OpType == "MaxPool" && node.Outputs.Skip(1).Any(Read))
                problems.Add("uses its Indices output");
        }

        private static void ResizeAttributes(OnnxNode node, List<string> problems)
        {
            string mode = node.Text("mode", "nearest");
            if (mode != "nearest") problems.Add($"has mode '{NodeAttributes.Shown(mode)}'; NetGen upsamples by repeating (nearest)");
            if (node.OpType != "Resize") return;
            string transform = node.Text("coordinate_transformation_mode", "half_pixel"), rounding = node.Text("nearest_mode", "round_prefer_floor");
            bool exact = transform == "asymmetric" ? rounding == "floor"
                : transform is "half_pixel" or "pytorch_half_pixel" && rounding is "round_prefer_floor" or "round_prefer_ceil";
            if (!exact) problems.Add($"has coordinate_transformation_mode '{NodeAttributes.Shown(transform)}' with nearest_mode '{NodeAttributes.Shown(rounding)}', which does not copy input y/f to output y");
            if (node.Int("antialias", 0) != 0) problems.Add("has antialias 1");
            if (node.Ints("axes") is not null) problems.Add("has axes; NetGen resizes rows and columns only");
        }
    }
}
