using System.Collections.Generic;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>Resize and Upsample with an integer nearest-neighbour factor: NetGen's Upsample (output (y, x) copies input (y/f, x/f)).</summary>
    internal sealed partial class OnnxImporter
    {
        /// <summary>
        /// ONNX maps output y to input coordinate y/f (asymmetric) or (y + 0.5)/f - 0.5 (half_pixel, pytorch_half_pixel);
        /// with an integer f, floor of the first and any round_prefer_* of the second are both y div f, NetGen's rule.
        /// Upsample (opsets 7 to 9) is the asymmetric floor form. Scales come from the attribute (Upsample 7), input 1
        /// (Upsample 9, Resize 10) or input 2, or sizes from input 3 (Resize 11+).
        /// </summary>
        private bool Resize(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            if (x is { Flat: true }) problems.Add($"resizes the flat value {x.ShapeText}; NetGen upsamples [N,C,H,W]");
            if (problems.Count > 0 || x is null) return Done(node, problems);

            float[]? scales = null;
            if (node.Attribute("scales") is { } attribute) scales = attribute.Floats.ToArray();
            int scalesInput = node.OpType == "Upsample" || Opset < 11 ? 1 : 2;
            if (Input(node, scalesInput) is ConstantValue { Floats: { Length: > 0 } given }) scales = given;
            if (scales is null && node.OpType == "Resize" && Input(node, 3) is ConstantValue { Ints: { Length: 4 } sizes })
                scales = new[] { 1f, 1f, x.H == 0 ? 0 : (float)sizes[2] / x.H, x.W == 0 ? 0 : (float)sizes[3] / x.W };
            if (scales is not { Length: 4 } || scales[0] != 1 || scales[1] != 1 || scales[2] != scales[3] || scales[2] < 1 || scales[2] != (int)scales[2] || scales[2] > Limits.MaxExtent)
                return Refuse(node, $"has scales {(scales is null ? "that are not constant" : "[" + string.Join(",", scales) + "]")}; NetGen upsamples rows and columns by one integer factor");
            int f = (int)scales[2];
            AddLayer(node, new UpsampleSpec { Kind = LayerKind.Upsample, Factor = f }, Spatial(x, x.C, x.H * f, x.W * f), null, new[] { x });
            return true;
        }
    }
}
