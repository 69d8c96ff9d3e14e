using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Model
{
    /// <summary>A value flowing between layers: where it sits in the activation workspace, its shape, who made it.</summary>
    internal readonly record struct Value(int Offset, int C, int H, int W, string? Producer)
    {
        public int Length => C * H * W;
    }

    /// <summary>
    /// The static memory plan: parameters, state, activations (with their gradient twins) and scratch are each one
    /// flat array; every layer gets constant offsets into them, in the order layers are placed.
    /// </summary>
    internal sealed class MemoryPlan
    {
        public long Parameters, State, Activations, Scratch;

        public MemoryPlan(int inputLength) => Activations = inputLength;

        /// <summary>A region of the activation workspace (and its gradient twin) of <paramref name="length"/> floats.</summary>
        public int Activation(int length)
        {
            int offset = (int)Activations;
            Activations += length;
            return offset;
        }

        /// <summary>
        /// Gives <paramref name="layer"/> its offsets: its parameter and state slots; its output in a new region, or at
        /// <paramref name="outOffset"/> (a slice of a concatenation); the <paramref name="scratch"/> its room asks for.
        /// </summary>
        public LayerModel Place(LayerModel layer, IEnumerable<Slot> scratch, int outOffset = -1) => layer with
        {
            Parameters = Take(layer.Parameters, ref Parameters),
            State = Take(layer.State, ref State),
            OutOffset = outOffset >= 0 ? outOffset : Activation(layer.OutLength),
            Scratch = Take(scratch, ref Scratch),
        };

        private static EquatableArray<Slot> Take(IEnumerable<Slot> slots, ref long cursor)
        {
            var placed = new List<Slot>();
            foreach (var slot in slots)
            {
                placed.Add(slot with { Offset = (int)cursor });
                cursor += slot.Length;
            }
            return placed.ToEquatableArray();
        }

        /// <summary>Whether every array still fits; reports the first that does not.</summary>
        public bool Fits(string owner, LocationInfo? at, List<DiagnosticInfo> diagnostics) =>
            Checks.Fits(owner, "the parameters", Parameters, at, diagnostics)
            && Checks.Fits(owner, "the activations", Activations, at, diagnostics)
            && Checks.Fits(owner, "the scratch space", Scratch, at, diagnostics)
            && Checks.Fits(owner, "the state", State, at, diagnostics);
    }
}
