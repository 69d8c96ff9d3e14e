using System.Collections.Generic;
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
        /// Gives <paramref name="layer"/> its offsets: parameters and state; its input at <paramref name="input"/>; its
        /// output in a new region, or at <paramref name="outOffset"/> (a slice of a concatenation); its scratch.
        /// </summary>
        public LayerModel Place(LayerModel layer, Value input, int outOffset = -1)
        {
            int weightOffset = (int)Parameters;
            Parameters += layer.WeightCount;
            int biasOffset = (int)Parameters;
            Parameters += layer.BiasCount;
            int connectionOffset = -1, effectiveOffset = -1;
            if (layer.LearnsConnections)
            {
                connectionOffset = (int)Parameters;   // logits c [OutC][InC]
                Parameters += layer.ConnectionCount;
            }
            int stateOffset = -1;
            if (layer.Kind == LayerKind.BatchNorm)
            {
                stateOffset = (int)State;   // running mean [C], then running variance [C]
                State += 2L * layer.OutC;
            }
            if (outOffset < 0) outOffset = Activation(layer.OutLength);

            int padOffset = -1, padGradientOffset = -1, scratchOffset = -1, scratchGradientOffset = -1;
            if (layer.Pad > 0 && layer.Kind is LayerKind.Conv or LayerKind.MaxPool or LayerKind.AvgPool)
            {
                int padded = layer.InC * layer.PaddedH * layer.PaddedW;
                padOffset = (int)Scratch;
                padGradientOffset = (int)Scratch + padded;
                Scratch += 2L * padded;
            }
            if (layer.Subsamples)
            {
                int gathered = layer.InC * layer.OutH * layer.OutW;   // the even rows and columns, then their gradient
                padOffset = (int)Scratch;
                padGradientOffset = (int)Scratch + gathered;
                Scratch += 2L * gathered;
            }
            if (layer.Kind == LayerKind.BatchNorm)
            {
                scratchOffset = (int)Scratch;   // this pass's mean [C], 1/std [C], exchange buffer [2C + 1], mode flag
                Scratch += 4L * layer.OutC + 2;
            }
            else if (layer.Kind is LayerKind.MaxPool or LayerKind.Dropout)
            {
                scratchOffset = (int)Scratch;   // max pooling: each window's argmax; dropout: each unit's mask
                Scratch += layer.OutLength;
            }
            else if (layer.Kind == LayerKind.LocalResponseNorm)
            {
                scratchOffset = (int)Scratch;   // each unit's denominator base s
                scratchGradientOffset = (int)Scratch + layer.OutLength;   // backward's delta * y / s
                Scratch += 2L * layer.OutLength;
            }
            if (layer.LearnsConnections)
            {
                effectiveOffset = (int)Scratch;   // alpha [OutC][InC], effective weights, their gradient
                Scratch += layer.ConnectionCount + 2L * layer.WeightCount;
            }
            int phaseOffset = -1;
            if (layer.SplitsPhases)
            {
                phaseOffset = (int)Scratch;      // [2][2][InC][PhaseH][PhaseW] parity planes of the padded input
                Scratch += 4L * layer.InC * layer.PhaseH * layer.PhaseW;
            }
            int wideOffset = -1, wideDeltaOffset = -1;
            if (layer.RunsWide)
            {
                wideOffset = (int)Scratch;       // [OutC][WidePositions] wide outputs
                Scratch += (long)layer.OutC * layer.WidePositions;
                wideDeltaOffset = (int)Scratch;  // [OutC][WideDeltaLength] zero-bordered wide deltas
                Scratch += (long)layer.OutC * layer.WideDeltaLength;
            }
            return layer with
            {
                WeightOffset = weightOffset, BiasOffset = biasOffset, StateOffset = stateOffset,
                InOffset = input.Offset, OutOffset = outOffset, InputName = input.Producer,
                ScratchOffset = scratchOffset, ScratchGradientOffset = scratchGradientOffset,
                PadOffset = padOffset, PadGradientOffset = padGradientOffset,
                WideOffset = wideOffset, WideDeltaOffset = wideDeltaOffset,
                ConnectionOffset = connectionOffset, EffectiveOffset = effectiveOffset, PhaseOffset = phaseOffset,
            };
        }

        /// <summary>Whether every array still fits; reports the first that does not.</summary>
        public bool Fits(string owner, LocationInfo? at, List<DiagnosticInfo> diagnostics) =>
            Checks.Fits(owner, "the parameters", Parameters, at, diagnostics)
            && Checks.Fits(owner, "the activations", Activations, at, diagnostics)
            && Checks.Fits(owner, "the scratch space", Scratch, at, diagnostics)
            && Checks.Fits(owner, "the state", State, at, diagnostics);
    }
}
