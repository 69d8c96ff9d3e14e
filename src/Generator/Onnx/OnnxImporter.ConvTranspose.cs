using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// ConvTranspose as NetGen's [ConvTranspose] (PyTorch's nn.ConvTranspose2d, ONNX's ConvTranspose, opset 1 to 22: weight
    /// [C][M/group][kH][kW], optional bias [M]; per axis out = s (in - 1) + output_padding + d (k - 1) + 1 - pad_begin - pad_end).
    /// The layer expresses every 2-D window of explicit pads; what it cannot take is named, one diagnostic per attribute.
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// The attribute checks that need no input (run by Audit on every ConvTranspose): a 2-D kernel_shape, strides,
        /// dilations, pads and output_padding of the right lengths and ranges; auto_pad NOTSET or VALID (the SAME_* modes'
        /// split of an odd total pad has been defined both ways by ONNX's spec and runtimes, so it is refused rather than
        /// guessed); no output_shape (its implied pads take the same ambiguous split).
        /// </summary>
        private static void ConvTransposeAttributes(OnnxNode node, List<string> problems)
        {
            void Range(string name, int count, long least)
            {
                var values = node.Ints(name);
                if (values is not null && (values.Count != count || values.Any(v => v < least || v > Limits.MaxExtent)))
                    problems.Add($"has {name} {NodeAttributes.List(values)}; NetGen takes {count} values from {least} to {Limits.MaxExtent}"
                        + (count == 4 ? " [top, left, bottom, right]" : " (rows, columns)"));
            }
            Range("kernel_shape", 2, 1);
            Range("strides", 2, 1);
            Range("dilations", 2, 1);
            Range("pads", 4, 0);
            Range("output_padding", 2, 0);
            string autoPad = node.Text("auto_pad", "NOTSET");
            if (autoPad is "SAME_UPPER" or "SAME_LOWER")
                problems.Add($"has auto_pad '{autoPad}'; NetGen's transposed convolution takes explicit pads (NOTSET) or none (VALID), as the side of an odd padding is ambiguous");
            else if (autoPad is not ("NOTSET" or "" or "VALID"))
                problems.Add($"has auto_pad '{NodeAttributes.Shown(autoPad)}', which ONNX does not define");
            if (node.Ints("output_shape") is { } outputShape)
                problems.Add($"has output_shape {NodeAttributes.List(outputShape)}; NetGen's transposed convolution takes explicit pads and output_padding instead");
        }

        /// <summary>ConvTranspose (checked by <see cref="ConvTransposeAttributes"/>) as a [ConvTranspose] with the same window.</summary>
        private bool ConvTranspose(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            var w = Constant(node, 1, "weight", problems);
            float[]? b = Input(node, 2) is null ? null : Constant(node, 2, "bias", problems);
            long[] dims = DimsOf(node, 1);
            if (w is not null && dims.Length != 4) problems.Add($"has a weight of shape {NodeAttributes.List(dims)}; NetGen transposed convolutions are 2-D ([C,M/group,kH,kW])");
            if (x is { Flat: true }) problems.Add($"convolves the flat value {x.ShapeText}; NetGen transposed convolutions take [N,C,H,W]");
            if (problems.Count > 0 || x is null || w is null) return Done(node, problems);

            long group = node.Int("group", 1), maps = dims[1] * group;
            if (group < 1 || dims[0] != x.C || x.C % group != 0 || maps > Limits.MaxExtent)
                problems.Add($"has group {group} and a weight of shape {NodeAttributes.List(dims)}, which do not fit its {x.C} input maps");
            if (node.Ints("kernel_shape") is { Count: 2 } shape && (shape[0] != dims[2] || shape[1] != dims[3]))
                problems.Add($"has kernel_shape {NodeAttributes.List(shape)}, which does not match its weight");
            if (dims[2] < 1 || dims[3] < 1 || dims[2] > Limits.MaxExtent || dims[3] > Limits.MaxExtent)
                problems.Add($"has a {dims[2]}x{dims[3]} kernel; NetGen takes 1 to {Limits.MaxExtent}");
            if (b is not null && b.Length != maps) problems.Add($"has {b.Length} biases for {maps} maps");
            if (problems.Count > 0) return Done(node, problems);

            long[] Pair(string name, long otherwise) => node.Ints(name) is { Count: 2 } v ? new[] { v[0], v[1] } : new[] { otherwise, otherwise };
            long[] k = { dims[2], dims[3] }, s = Pair("strides", 1), d = Pair("dilations", 1), op = Pair("output_padding", 0);
            long[] pads = node.Text("auto_pad", "NOTSET") is "VALID" || node.Ints("pads") is not { Count: 4 } p ? new long[4] : p.ToArray();
            long[] size = { x.H, x.W }, output = new long[2];
            string[] axes = { "rows", "columns" };
            for (int a = 0; a < 2; a++)
            {
                // PyTorch's (and the layer's) rule: an output padding reaches no further than one stride or dilation step.
                if (op[a] >= s[a] && op[a] >= d[a])
                    problems.Add($"has output_padding {NodeAttributes.List(op)}: on the {axes[a]}, {op[a]} is not below stride {s[a]} or dilation {d[a]}, which NetGen (and PyTorch) require");
                output[a] = (size[a] - 1) * s[a] + d[a] * (k[a] - 1) + 1 - pads[a] - pads[a + 2] + op[a];
                if (output[a] < 1 || output[a] > Limits.MaxExtent)
                    problems.Add($"gives {output[a]} output {axes[a]} from {size[a]} (stride {s[a]}, dilation {d[a]}, kernel {k[a]}, pads {pads[a]} and {pads[a + 2]}, output_padding {op[a]}); NetGen takes 1 to {Limits.MaxExtent}");
            }
            if (problems.Count > 0) return Done(node, problems);
            // ExportOnnx writes an end pad net of the output padding (pad 1, output padding 1 as pads [1,0], none): the same
            // output, given back in PyTorch's form (equal pads and an output padding) where the layer takes that padding.
            for (int a = 0; a < 2; a++)
                if (pads[a + 2] < pads[a] && op[a] + pads[a] - pads[a + 2] < Math.Max(s[a], d[a]))
                    (op[a], pads[a + 2]) = (op[a] + pads[a] - pads[a + 2], pads[a]);

            var spec = new ConvTransposeSpec
            {
                Kind = LayerKind.ConvTranspose, Maps = (int)maps, Groups = (int)group, NoBias = b is null,
                Kernel = (int)k[0], KernelW = k[0] != k[1] ? (int)k[1] : null,
            };
            spec = s[0] == s[1] ? spec with { Stride = (int)s[0] } : spec with { StrideH = (int)s[0], StrideW = (int)s[1] };
            spec = d[0] == d[1] ? spec with { Dilation = (int)d[0] } : spec with { DilationH = (int)d[0], DilationW = (int)d[1] };
            spec = op[0] == op[1] ? spec with { OutputPadding = (int)op[0] } : spec with { OutputPaddingH = (int)op[0], OutputPaddingW = (int)op[1] };
            spec = pads.All(v => v == pads[0]) ? spec with { Pad = (int)pads[0] }
                : spec with { PadTop = (int)pads[0], PadLeft = (int)pads[1], PadBottom = (int)pads[2], PadRight = (int)pads[3] };
            AddLayer(node, spec, Spatial(x, (int)maps, (int)output[0], (int)output[1]), WeightName(node, 1), new[] { x },
                b is null ? new[] { ("weight", w) } : new[] { ("weight", w), ("bias", b) });
            return true;
        }
    }
}
