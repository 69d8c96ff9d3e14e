using NetGen.Generator.Layers;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// The window geometry of convolutions and pooling (kernel, stride, padding) and the convolution's plan, read through
    /// the header: Emit/WideConvEmitter*.cs and the helpers it shares with the direct kernels take a <see cref="LayerModel"/>
    /// and read these. New code reads the payload (<see cref="ConvLayer"/>, <see cref="PoolLayer"/>) instead.
    /// </summary>
    internal sealed partial record LayerModel
    {
        private ConvLayer Conv => (ConvLayer)Payload;

        /// <summary>The conv kernel or the pooling window.</summary>
        public int Kernel => Payload switch { ConvLayer c => c.Kernel, PoolLayer p => p.Window, _ => 0 };

        public int Stride
        {
            get => Payload switch { ConvLayer c => c.Stride, PoolLayer p => p.Stride, _ => 1 };
            // `l with { Stride = 1 }` (the gathered 1x1 convolution, the parity planes) rewrites the payload.
            init => Payload = Payload switch { ConvLayer c => c with { Stride = value }, PoolLayer p => p with { Stride = value }, _ => Payload };
        }

        public int Pad => Payload switch { ConvLayer c => c.Pad, PoolLayer p => p.Pad, _ => 0 };
        /// <summary>The zero-padded input's extents: a convolution's pads may differ per side (<see cref="ConvLayer"/>).</summary>
        public int PaddedH => Payload is ConvLayer c ? InH + c.PadTop + c.PadBottom : InH + 2 * Pad;
        public int PaddedW => Payload is ConvLayer c ? InW + c.PadLeft + c.PadRight : InW + 2 * Pad;

        public bool HasTable => Payload is ConvLayer { HasTable: true };
        public bool LearnsConnections => Payload is ConvLayer { LearnsConnections: true };
        /// <summary>Connected (input map, output map) pairs: OutC * InC without a table.</summary>
        public int ConnectedPairs => HasTable ? Conv.TableInputs.Count : OutC * InC;

        public bool RunsAsDense => Payload is ConvLayer { Strategy: ConvStrategy.Dense };
        /// <summary>A convolution on wide rows (<see cref="ConvStrategy.Wide"/>, <see cref="ConvStrategy.Gather"/>, <see cref="ConvStrategy.ParityPlanes"/>).</summary>
        public bool RunsWide => Payload is ConvLayer { Strategy: ConvStrategy.Wide or ConvStrategy.Gather or ConvStrategy.ParityPlanes };
        /// <summary>The planner's <see cref="ConvStrategy.Pointwise"/>: a 1x1 stride-1 convolution as matrix products.</summary>
        public bool RunsPointwise => Payload is ConvLayer { Strategy: ConvStrategy.Pointwise };
        /// <summary>The planner's <see cref="ConvStrategy.Gather"/>: a 1x1 stride-2 convolution run on its input's even rows and columns.</summary>
        public bool GathersEvenPositions => Payload is ConvLayer { Strategy: ConvStrategy.Gather };
        /// <summary>The planner's <see cref="ConvStrategy.ParityPlanes"/>.</summary>
        public bool SplitsPhases => Payload is ConvLayer { Strategy: ConvStrategy.ParityPlanes };

        public int PhaseH => (PaddedH + 1) / 2;
        public int PhaseW => (PaddedW + 1) / 2;
        /// <summary>Wide positions per map on the phase planes' rows (pitch PhaseW).</summary>
        public long PhaseWidePositions => RoundUp((long)OutH * PhaseW);
        /// <summary>Wide output positions per map, rounded up to whole vectors of any width up to 16.</summary>
        public long WidePositions => RoundUp((long)OutH * PaddedW);
        /// <summary>Zeros before each map's wide deltas, so the input gradient can read delta[p - ky*W - kx] for every p.</summary>
        public long WideFront => (Kernel - 1L) * PaddedW + Kernel - 1;
        /// <summary>Floats per map of the wide delta buffer.</summary>
        public long WideDeltaLength => WideFront + RoundUp((long)PaddedH * PaddedW);

        // Long: the memory plan sizes these before it knows they fit (accepted networks keep them far inside int).
        public static long RoundUp(long n) => (n + 15) / 16 * 16;

        /// <summary>The zero-padded (max pooling: -infinity-padded) or gathered copy of the input, and its gradient.</summary>
        public int PadOffset => ScratchAt(ScratchRoles.Source);
        public int PadGradientOffset => ScratchAt(ScratchRoles.SourceGradient);
        public int PhaseOffset => ScratchAt(ScratchRoles.Phases);
        public int WideOffset => ScratchAt(ScratchRoles.Wide);
        public int WideDeltaOffset => ScratchAt(ScratchRoles.WideDelta);
        /// <summary>Batch norm: the running mean (the running variance follows it).</summary>
        public int StateOffset => StateAt(BatchNormRoom.RunningMean);
        public double Epsilon => Payload is BatchNormLayer b ? b.Epsilon : 0;
    }

    /// <summary>The scratch regions several kinds share by name.</summary>
    internal static class ScratchRoles
    {
        public const string Source = "source", SourceGradient = "source gradient", Phases = "phases", Wide = "wide", WideDelta = "wide delta";
        /// <summary>A per-kind region (argmax, dropout mask, LRN denominators...), and its gradient twin.</summary>
        public const string Own = "own", OwnGradient = "own gradient";
    }
}
