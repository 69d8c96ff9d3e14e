using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Model
{
    /// <summary>The range checks analysis applies to declared values: each failure is one diagnostic on the attribute.</summary>
    internal static class Checks
    {
        /// <summary>Every buffer is one float[] indexed with int offsets: refuse sizes beyond <see cref="Limits.MaxBufferFloats"/>.</summary>
        internal static bool Fits(string owner, string what, long floats, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            if (floats >= 0 && floats <= Limits.MaxBufferFloats) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, at, owner, $"{what} would need {floats} floats", $"{Limits.MaxBufferFloats} floats in one buffer"));
            return false;
        }

        internal static bool CheckAtLeast(string owner, string what, long value, long minimum, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            if (value >= minimum) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, at, owner, what, minimum, value));
            return false;
        }

        /// <summary>At least <paramref name="minimum"/> (NG0004) and at most <paramref name="maximum"/> (NG0020).</summary>
        internal static bool CheckRange(string owner, string what, long value, long minimum, long maximum, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            if (!CheckAtLeast(owner, what, value, minimum, at, diagnostics)) return false;
            if (value <= maximum) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, at, owner, $"{what} is {value}", maximum));
            return false;
        }

        /// <summary>An extent (size, kernel, stride, pad, factor) from <paramref name="minimum"/> to <see cref="Limits.MaxExtent"/>.</summary>
        internal static bool CheckExtent(string owner, string what, long value, long minimum, LocationInfo? at, List<DiagnosticInfo> diagnostics) =>
            CheckRange(owner, what, value, minimum, Limits.MaxExtent, at, diagnostics);

        /// <summary>
        /// A real argument the generated code holds as a float: finite, representable (the emitted literal of an infinite
        /// float does not compile) and in [<paramref name="minimum"/>, <paramref name="maximum"/>], the minimum excluded
        /// when <paramref name="aboveMinimum"/>.
        /// </summary>
        internal static bool CheckReal(string owner, string what, double value, double minimum, double maximum, bool aboveMinimum,
            LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            double low = System.Math.Max(minimum, -float.MaxValue), high = System.Math.Min(maximum, float.MaxValue);
            bool ok = (aboveMinimum ? value > low : value >= low) && value <= high;
            if (ok) return true;
            string R(double v) => v.ToString("G9", CultureInfo.InvariantCulture);
            string range = (aboveMinimum ? "a finite number above " : "a finite number from ") + R(low) + (aboveMinimum ? " and up to " : " to ") + R(high);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ValueOutOfRange, at, owner, what, range, value));
            return false;
        }
    }
}
