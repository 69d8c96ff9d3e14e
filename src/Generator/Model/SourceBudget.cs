using System.Collections.Generic;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// An upper bound of the characters NetGen will generate, computed from the model before anything is emitted, so an
    /// absurd declaration is refused in microseconds instead of after minutes of emitting. The emitters' text per layer
    /// is bounded (kernels unroll at most a fixed tile), except for the connection tables, whose size is in the pairs.
    /// The constants are measured upper bounds; the generator fuzz test checks every accepted network against them.
    /// </summary>
    internal static class SourceBudget
    {
        /// <summary>The file's fixed part: header, usings, the public surface, dispatch, initialization (measured: 9 k).</summary>
        public const long FileChars = 16_000;

        // Per layer, its room's SourceChars: its forward and backward methods (a wide convolution writes several register-tile
        // methods) and its rows in the header, summary, descriptions, dispatch and profile. Measured over every kind, kernel
        // 1 to 11, stride 1 to 3, 1 to 12 maps, with short names: at most 55 k for a wide convolution, 11 k for any other
        // layer; each allowance adds room for ten-digit offsets.

        /// <summary>Times a layer's name appears in its text (method names, comments, strings; measured: up to 70).</summary>
        private const int NameOccurrences = 120;

        /// <summary>Digits of the largest int, a separator and a space: one printed table number.</summary>
        private const int NumberChars = 12;

        /// <summary>Each connected pair is printed five times: inputs, by-input blocks and outputs, descriptions, architecture.</summary>
        private const int PairPrints = 5;

        /// <summary>The text of one layer, its tables included.</summary>
        public static long Estimate(LayerModel l) =>
            Layers.LayerRooms.Of(l).SourceChars(l) + (long)NameOccurrences * l.Name.Length + (l.Payload is Layers.ConvLayer { HasTable: true } conv ? TableChars(conv.TableInputs.Count, l.InC, l.OutC) : 0);

        private static long TableChars(long pairs, long inMaps, long outMaps) =>
            PairPrints * NumberChars * pairs + 3 * NumberChars * (inMaps + outMaps + 2);

        /// <summary>Refuses a connection table whose text alone would exceed the budget, before it is built.</summary>
        public static bool TableFits(string owner, long pairs, long inMaps, long outMaps, LocationInfo? at, List<DiagnosticInfo> diagnostics) =>
            Within(owner, FileChars + TableChars(pairs, inMaps, outMaps), at, diagnostics);

        /// <summary>Whether an estimate is within <see cref="Limits.MaxGeneratedChars"/>; reports it otherwise.</summary>
        public static bool Within(string owner, long chars, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            if (chars <= Limits.MaxGeneratedChars) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SourceTooLarge, at, owner, chars, Limits.MaxGeneratedChars));
            return false;
        }
    }
}
