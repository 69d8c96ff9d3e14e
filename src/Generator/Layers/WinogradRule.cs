using NetGen.Generator.Model;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// The planner's Winograd decisions for a 3x3 stride-1 plain convolution (<see cref="ConvStrategy.Winograd"/>): whether
    /// it runs as Winograd at all (<see cref="Pays"/>, F(2x2,3x3)'s rule, measured before this file: see
    /// <see cref="ConvRoom.Plan"/>), which tile (<see cref="Tile"/>), and whether its input gradient runs as Winograd too
    /// (<see cref="GradientPays"/>). Pure functions of the layer's shape, so the emitters and the scratch request read
    /// the same answers. Measurements: MEASURED below (benchmarks/NetGen.WinogradProfile, CPU stated there).
    /// </summary>
    internal static class WinogradRule
    {
        /// <summary>Whether a 3x3 stride-1 plain convolution runs faster as Winograd than on wide rows.</summary>
        public static bool Pays(LayerModel l) =>
            l.InC >= 16 && l.OutC >= 16 && l.InC * l.OutC <= 128 * 128 && l.OutH * l.OutW >= 14 * 14
            && (l.OutH * l.OutW <= 28 * 28 || l.InC * l.OutC >= 64 * 64);

        /// <summary>Outputs per tile side: 2 (F(2x2,3x3), 16 products per 4 outputs) or 4 (F(4x4,3x3), 36 per 16).</summary>
        public static int Tile(LayerModel l) => 4;

        /// <summary>
        /// Whether the backward computes dE/dinput as a Winograd convolution of dE/du with the flipped, transposed kernels
        /// (pad 1: the same shape as the input, no crop) instead of the wide-row gather. Its own shape (OutC input maps,
        /// InC output maps) decides its tile by <see cref="Tile"/>.
        /// </summary>
        public static bool GradientPays(LayerModel l) => l.Payload is ConvLayer { Pad: 1 };
    }
}
