using System.Collections.Generic;
using NetGen.Generator.Common;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// The window arguments [Conv] and [ConvTranspose] share, as written: a kernel (or its height and width), Stride and
    /// Dilation for both axes or StrideH/W and DilationH/W per axis (0: not given), Pad or the four sides (-1: not given).
    /// </summary>
    internal static class WindowArguments
    {
        /// <summary>Every given value in range, each problem reported; <paramref name="sides"/> are the pads and any other "-1: not given" extents.</summary>
        public static bool InRange(string name, int kernelH, int? kernelW, int stride, int dilation, int strideH, int strideW, int dilationH, int dilationW,
            IEnumerable<(string What, int Value)> sides, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            bool ok = Checks.CheckExtent(name, kernelW is null ? "kernel" : "kernel height", kernelH, 1, at, diagnostics);
            if (kernelW is int kw) ok &= Checks.CheckExtent(name, "kernel width", kw, 1, at, diagnostics);
            ok &= Checks.CheckExtent(name, "Stride", stride, 1, at, diagnostics) & Checks.CheckExtent(name, "Dilation", dilation, 1, at, diagnostics);
            foreach (var (what, value) in new[] { ("StrideH", strideH), ("StrideW", strideW), ("DilationH", dilationH), ("DilationW", dilationW) })
                if (value != 0) ok &= Checks.CheckExtent(name, what, value, 1, at, diagnostics);
            foreach (var (what, value) in sides)
                if (value != -1) ok &= Checks.CheckExtent(name, what, value, 0, at, diagnostics);
            return ok;
        }

        /// <summary>
        /// When the whole-layer value was given (<paramref name="wholeGiven"/>), the first per-axis value also given, as
        /// "StrideH = 2" for the given-twice diagnostic; else null.
        /// </summary>
        public static string? SecondWay(bool wholeGiven, params (string What, int Value, int NotGiven)[] axes)
        {
            if (!wholeGiven) return null;
            foreach (var (what, value, notGiven) in axes)
                if (value != notGiven) return $"{what} = {value}";
            return null;
        }

        /// <summary>The per-axis value when given (not 0), else the whole layer's.</summary>
        public static int Axis(int perAxis, int whole) => perAxis != 0 ? perAxis : whole;
    }
}
