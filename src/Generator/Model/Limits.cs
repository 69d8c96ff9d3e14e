namespace NetGen.Generator.Model
{
    /// <summary>
    /// Every bound NetGen puts on a declaration, in one place. Analysis checks each one (with long arithmetic) before it
    /// computes anything from the value, so no later int arithmetic (in the generator or the generated code) can overflow
    /// and no declaration can make the generator run long or write without end.
    /// </summary>
    internal static class Limits
    {
        /// <summary>
        /// Floats in any one buffer (parameters, state, activations, scratch): 2^30, 4 GiB. Half of what a .NET array
        /// indexes, so that a buffer plus its slack, an offset plus a length, or a map's (padded) area times a small
        /// constant still fits an int in the generated code.
        /// </summary>
        public const long MaxBufferFloats = 1L << 30;

        /// <summary>
        /// Any one extent: height, width, kernel, window, stride, pad, upsampling factor, LRN size. 2^15 is far past any
        /// image a CPU network takes, and keeps (extent + 2 * pad) and extent * extent in int range.
        /// </summary>
        public const int MaxExtent = 1 << 15;

        /// <summary>
        /// Layers after blocks are expanded. ResNet-152 has about 520; each layer costs a few kB of generated source and
        /// two methods the JIT compiles, so 2,048 stays within <see cref="MaxGeneratedChars"/> for ordinary layers.
        /// </summary>
        public const int MaxLayers = 2048;

        /// <summary>
        /// Characters of generated source, estimated before emitting (<see cref="SourceBudget"/>). ResNet-152 generates
        /// 6.5 M characters and builds in about 15 s; 24 M keeps the worst accepted build around a minute and the
        /// generator's memory in the hundreds of MB.
        /// </summary>
        public const long MaxGeneratedChars = 24_000_000;

        /// <summary>
        /// Characters of a layer name. Names become parts of method names, comments and strings many times per layer;
        /// block sub-layers add up to about 20 characters (".12.downsample.0").
        /// </summary>
        public const int MaxNameLength = 128;
    }
}
