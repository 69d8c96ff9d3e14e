using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// The window arguments [Conv] and [ConvTranspose] share, as written: a kernel (or its height and width), Stride and
    /// Dilation for both axes or StrideH/W and DilationH/W per axis (0: not given), Pad or the four sides (-1: not given),
    /// Groups and Bias.
    /// </summary>
    internal abstract record WindowSpec : LayerSpec
    {
        public int Maps { get; init; }
        /// <summary>The kernel's height (the whole kernel when <see cref="KernelW"/> is null).</summary>
        public int Kernel { get; init; }
        /// <summary>The kernel's width; null: square.</summary>
        public int? KernelW { get; init; }
        public int Stride { get; init; } = 1;
        /// <summary>Per-axis strides; 0 is the attribute's "not given" (Stride).</summary>
        public int StrideH { get; init; }
        public int StrideW { get; init; }
        /// <summary>Explicit padding on every side; -1 is the attribute's "not given".</summary>
        public int Pad { get; init; } = -1;
        /// <summary>The sides (ONNX's pads order); -1 is the attribute's "not given".</summary>
        public int PadTop { get; init; } = -1;
        public int PadLeft { get; init; } = -1;
        public int PadBottom { get; init; } = -1;
        public int PadRight { get; init; } = -1;
        public int Dilation { get; init; } = 1;
        /// <summary>Per-axis dilations; 0 is the attribute's "not given" (Dilation).</summary>
        public int DilationH { get; init; }
        public int DilationW { get; init; }
        public int Groups { get; init; } = 1;
        public bool NoBias { get; init; }
    }

    /// <summary>The checks and defaults of a <see cref="WindowSpec"/>'s arguments.</summary>
    internal static class WindowArguments
    {
        /// <summary>
        /// Every given value in range, each problem reported; <paramref name="more"/> are further "-1: not given" extents
        /// checked after the pads.
        /// </summary>
        public static bool InRange(WindowSpec spec, string name, List<DiagnosticInfo> diagnostics, params (string What, int Value)[] more)
        {
            var at = spec.Location;
            bool ok = Checks.CheckExtent(name, spec.KernelW is null ? "kernel" : "kernel height", spec.Kernel, 1, at, diagnostics);
            if (spec.KernelW is int kw) ok &= Checks.CheckExtent(name, "kernel width", kw, 1, at, diagnostics);
            ok &= Checks.CheckExtent(name, "Stride", spec.Stride, 1, at, diagnostics) & Checks.CheckExtent(name, "Dilation", spec.Dilation, 1, at, diagnostics);
            foreach (var (what, value) in new[] { ("StrideH", spec.StrideH), ("StrideW", spec.StrideW), ("DilationH", spec.DilationH), ("DilationW", spec.DilationW) })
                if (value != 0) ok &= Checks.CheckExtent(name, what, value, 1, at, diagnostics);
            var sides = new[] { ("Pad", spec.Pad), ("PadTop", spec.PadTop), ("PadLeft", spec.PadLeft), ("PadBottom", spec.PadBottom), ("PadRight", spec.PadRight) };
            foreach (var (what, value) in sides.Concat(more))
                if (value != -1) ok &= Checks.CheckExtent(name, what, value, 0, at, diagnostics);
            return ok;
        }

        /// <summary>"StrideH = 2" when Stride and a per-axis stride are both given, else null; likewise for dilation.</summary>
        public static string? SecondStride(WindowSpec spec) => SecondWay(spec.Stride != 1, ("StrideH", spec.StrideH, 0), ("StrideW", spec.StrideW, 0));

        public static string? SecondDilation(WindowSpec spec) => SecondWay(spec.Dilation != 1, ("DilationH", spec.DilationH, 0), ("DilationW", spec.DilationW, 0));

        /// <summary>The first side given ("PadTop = 1"), or null.</summary>
        public static string? FirstSide(WindowSpec spec) =>
            SecondWay(true, ("PadTop", spec.PadTop, -1), ("PadLeft", spec.PadLeft, -1), ("PadBottom", spec.PadBottom, -1), ("PadRight", spec.PadRight, -1));

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
