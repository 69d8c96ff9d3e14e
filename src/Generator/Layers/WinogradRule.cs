using NetGen.Generator.Model;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// The planner's Winograd decisions for a 3x3 stride-1 plain convolution (<see cref="ConvStrategy.Winograd"/>): whether
    /// it runs as Winograd at all (<see cref="Pays"/>, F(2x2,3x3)'s rule, measured before this file: see
    /// <see cref="ConvRoom.Plan"/>), which tile (<see cref="Tile"/>), and whether its input gradient runs as Winograd too
    /// (<see cref="GradientPays"/>). Pure functions of the layer's shape, so the emitters and the scratch request read
    /// the same answers.
    /// Measured (benchmarks/NetGen.WinogradProfile `-- 9 tiles`, TileShapes.cs: per shape three single 3x3 pad-1 ReLU
    /// layers interleaved round by round, A c->c with F(4x4) forward and input gradient, B c-1->c-1 with F(2x2) both, C
    /// c+1->c with F(4x4) forward and the wide-row input gradient; medians of 9 rounds, us, forward / backward (the
    /// backward includes the bias and kernel gradients, the same in all three); Intel Xeon family 6 model 207, AVX-512,
    /// 2 cores shared with 6 other agents' builds and tests, so single figures are noisy by 2x and only the within-row
    /// ratios mean anything):
    /// 64@56x56: A 7239 / 15710, B 6370 / 15486, C 7284 / 18221; 16@56x56: A 617 / 503, B 190 / 1176, C 248 / 913;
    /// 32@28x28: A 353 / 874, B 348 / 628, C 390 / 579; 64@28x28: A 888 / 2757, B 1208 / 2905, C 1308 / 2858;
    /// 128@28x28: A 2849 / 8352, B 2858 / 7284, C 2968 / 9368; 32@14x14: A 156 / 324, B 60 / 185, C 160 / 180;
    /// 64@14x14: A 388 / 968, B 201 / 699, C 360 / 779; 128@14x14: A 1164 / 3346, B 1198 / 2693, C 869 / 2866.
    /// So F(4x4) as written does not beat F(2x2) on any of these maps: its transforms run V.Count tiles of one tile row
    /// at a time, and rows of 4 (14x14), 7 (28x28) or 14 (56x56) tiles leave most of a 16-lane vector idle, while its
    /// products save only 44% (36 per 16 outputs against 16 per 4). The Winograd input gradient (F(2x2)) beats the
    /// wide-row gather from 64x64 map pairs (64@56x56 -15%, 128@28x28 -22%, 64@14x14 -10%, 128@14x14 -6%, 64@28x28 even)
    /// and loses below (16@56x56 +29%, 32 maps +3 to +8%).
    /// Not done: a transformed-weight cache. The weights can change behind the network's back (Parameters is a writable
    /// span), so the only safe check is comparing them with a copy on every call, which reads as many floats as the
    /// transform does; an estimate (not measured) puts the transform at 2-9% of a layer's forward.
    /// </summary>
    internal static class WinogradRule
    {
        /// <summary>Whether a 3x3 stride-1 plain convolution runs faster as Winograd than on wide rows.</summary>
        public static bool Pays(LayerModel l) =>
            l.InC >= 16 && l.OutC >= 16 && l.InC * l.OutC <= 128 * 128 && l.OutH * l.OutW >= 14 * 14
            && (l.OutH * l.OutW <= 28 * 28 || l.InC * l.OutC >= 64 * 64);

        /// <summary>
        /// Outputs per tile side: 4 (F(4x4,3x3), 36 products per 16 outputs) when a tile row has at least 16 tiles (64
        /// output columns: the transforms fill a 16-lane vector), else 2 (F(2x2,3x3), 16 per 4). Measured: F(2x2) wins or
        /// ties up to 56 columns (above); the wider rows (VGG's 224 and 112 columns) are an extrapolation, not measured.
        /// </summary>
        public static int Tile(LayerModel l) => l.OutW >= 64 ? 4 : 2;

        /// <summary>
        /// Whether the backward computes dE/dinput as a Winograd convolution of dE/du with the flipped, transposed kernels
        /// (pad 1: the same shape as the input, no crop) instead of the wide-row gather: from 64x64 map pairs (measured
        /// above). Its own shape (OutC input maps, InC output maps) picks its tile by <see cref="Tile"/>.
        /// </summary>
        public static bool GradientPays(LayerModel l) => l.Payload is ConvLayer { Pad: 1 } && l.InC * l.OutC >= 64 * 64;
    }
}
