using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Diagnostics
{
    /// <summary>Every diagnostic NetGen reports. Ids are stable: add new ones at the end.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "NetGen";

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor ClassNotPartial = Error("NG0001",
            "Network class must be partial",
            "Network class '{0}' must be declared partial so NetGen can add the generated members");

        public static readonly DiagnosticDescriptor LayersSplitAcrossDeclarations = Error("NG0002",
            "Layer attributes split across partial declarations",
            "Network '{0}' has layer attributes on more than one partial declaration; put all layers on one declaration so their order is defined");

        public static readonly DiagnosticDescriptor NoLayers = Error("NG0003",
            "Network has no layers",
            "Network '{0}' has no layer attributes: add some of {1}");

        public static readonly DiagnosticDescriptor InvalidSize = Error("NG0004",
            "Size out of range",
            "{0}: {1} must be at least {2}, but is {3}");

        public static readonly DiagnosticDescriptor KernelTooLarge = Error("NG0005",
            "Kernel larger than its input",
            "{0}: the {1}x{1} kernel does not fit its padded input {2}x{3} (input {4}x{5}, padding {6})");

        public static readonly DiagnosticDescriptor StrideNotIntegral = Error("NG0006",
            "Output size not integral for the stride",
            "{0}: ({1} + 2*{2} - {3}) = {4} is not a multiple of the stride {5}, so the last input rows/columns would be ignored");

        public static readonly DiagnosticDescriptor TableRowCount = Error("NG0007",
            "Connection table has the wrong number of rows",
            "{0}: the connection table has {1} rows but the input has {2} maps (one row per input map)");

        public static readonly DiagnosticDescriptor TableRowLength = Error("NG0008",
            "Connection table row has the wrong length",
            "{0}: connection table row {1} has {2} characters but the layer has {3} output maps (one column per output map)");

        public static readonly DiagnosticDescriptor TableBadCharacter = Error("NG0009",
            "Connection table holds an invalid character",
            "{0}: connection table row {1}, column {2} holds '{3}'; use 'X' for connected and ' ' for not connected");

        public static readonly DiagnosticDescriptor TableEmptyColumn = Error("NG0010",
            "Output map without inputs",
            "{0}: output map {1} has no input (column {1} of the connection table is empty)");

        public static readonly DiagnosticDescriptor PoolWindowDoesNotFit = Error("NG0011",
            "Pooling window does not fit",
            "{0}: a {1} window with stride {2} does not tile the {3}x{4} input exactly");

        public static readonly DiagnosticDescriptor LayerAfterOutput = Error("NG0012",
            "Layer after the output layer",
            "{0}: no layer may follow the output layer '{1}'");

        // NG0013 (Padding.Same needs an odd kernel) is retired: Same is ONNX's SAME_UPPER, defined for every kernel.

        public static readonly DiagnosticDescriptor ConflictingPadding = Error("NG0014",
            "Padding given twice",
            "{0}: give either Padding = {1} or Pad = {2}, not both");

        public static readonly DiagnosticDescriptor DuplicateLayerName = Error("NG0015",
            "Duplicate layer name",
            "Two layers are named '{0}'; layer names must be unique");

        public static readonly DiagnosticDescriptor InvalidLayerName = Error("NG0016",
            "Invalid layer name",
            "'{0}' is not a valid layer name: {1}");

        public static readonly DiagnosticDescriptor UnsupportedClass = Error("NG0017",
            "Unsupported network class",
            "Network class '{0}' is not supported: {1}");

        public static readonly DiagnosticDescriptor UnknownEnumValue = Error("NG0018",
            "Unknown activation or padding",
            "{0}: {1} is not a known {2}");

        public static readonly DiagnosticDescriptor InternalError = Error("NG0019",
            "NetGen failed",
            "NetGen could not generate '{0}': {1}");

        /// <summary>Every size limit: a buffer's floats, and each extent (kernel, stride, pad, factor...). See Model/Limits.cs.</summary>
        public static readonly DiagnosticDescriptor NetworkTooLarge = Error("NG0020",
            "Size above NetGen's limit",
            "{0}: {1}, more than NetGen's limit of {2}");

        public static readonly DiagnosticDescriptor GroupsDoNotDivide = Error("NG0021",
            "Groups do not divide the maps",
            "{0}: {1} groups do not divide the {2} input maps and {3} output maps evenly");

        public static readonly DiagnosticDescriptor GroupsWithTable = Error("NG0022",
            "Groups and a connection table",
            "{0}: give either Groups or Connections, not both (groups are a block-diagonal table)");

        public static readonly DiagnosticDescriptor DropoutRateOutOfRange = Error("NG0023",
            "Dropout rate out of range",
            "{0}: the dropout rate must be at least 0 and below 1, but is {1}");

        public static readonly DiagnosticDescriptor WeightsFileNotFound = Error("NG0024",
            "Weights file not found",
            "{0}: no AdditionalFiles item is named '{1}'; add <AdditionalFiles Include=\"{1}\" /> to the project");

        public static readonly DiagnosticDescriptor WeightsFileInvalid = Error("NG0025",
            "Weights file unreadable",
            "{0}: '{1}' is not a readable safetensors file: {2}");

        public static readonly DiagnosticDescriptor WeightsMismatch = Error("NG0026",
            "Weights do not fit the network",
            "{0}: '{1}' {2}");

        public static readonly DiagnosticDescriptor WeightsTooLarge = Error("NG0027",
            "Weights too large to embed",
            "{0}: the weights need {1} bytes, more than the {2} bytes NetGen embeds");

        public static readonly DiagnosticDescriptor LearnedConnectionsWithTable = Error("NG0028",
            "Learned connections with a table",
            "{0}: LearnConnections learns the table itself; remove Connections or Groups");
   
        public static readonly DiagnosticDescriptor ValueOutOfRange = Error("NG0029",
            "Number out of range",
            "{0}: {1} must be {2}, but is {3}");

        public static readonly DiagnosticDescriptor TooManyLayers = Error("NG0030",
            "Too many layers",
            "{0}: the network would have {1} layers once blocks are expanded, more than NetGen's limit of {2}");

        public static readonly DiagnosticDescriptor SourceTooLarge = Error("NG0031",
            "Generated source too large",
            "{0}: the generated source would reach about {1} characters, more than NetGen's budget of {2}");

        public static readonly DiagnosticDescriptor MemberNameCollision = Error("NG0032",
            "Generated member names collide",
            "{0}: the generated member '{1}' would collide with {2}; rename one of them");

        public static readonly DiagnosticDescriptor WeightsPathMissing = Error("NG0033",
            "Weights path missing",
            "{0}: [Weights] needs the name of a .safetensors AdditionalFiles item, but is {1}");

        public static readonly DiagnosticDescriptor TypeNameHidden = Error("NG0034",
            "A name the generated code uses is hidden",
            "Network class '{0}': {1} hides '{2}', which the generated code refers to as '{3}'; rename or move it");

        public static readonly DiagnosticDescriptor OnnxFileNotFound = Error("NG0035",
            "ONNX file not found",
            "{0}: no AdditionalFiles item is named '{1}'; add <AdditionalFiles Include=\"{1}\" /> to the project");

        /// <summary>A malformed, truncated or oversized file: the reader's own message says where.</summary>
        public static readonly DiagnosticDescriptor OnnxFileInvalid = Error("NG0036",
            "ONNX file unreadable",
            "{0}: '{1}' is not a readable ONNX model: {2}");

        /// <summary>One per problem: a node's operator, or one of its attributes or inputs, that no NetGen layer expresses.</summary>
        public static readonly DiagnosticDescriptor OnnxUnsupportedNode = Error("NG0037",
            "ONNX operator not supported",
            "{0}: node '{1}' ({2}) {3}");

        /// <summary>A weight NetGen cannot embed: not float, external data, sparse.</summary>
        public static readonly DiagnosticDescriptor OnnxUnsupportedTensor = Error("NG0038",
            "ONNX tensor not supported",
            "{0}: tensor '{1}' {2}");

        /// <summary>The graph's shape: inputs, outputs, branches and joins NetGen's layer chain cannot express, order.</summary>
        public static readonly DiagnosticDescriptor OnnxUnsupportedGraph = Error("NG0039",
            "ONNX graph not supported",
            "{0}: {1}");

        public static readonly DiagnosticDescriptor OnnxDimensionTooLarge = Error("NG0040",
            "ONNX dimensions too large",
            "{0}: {1} has dimensions [{2}], more than NetGen's limit of {3}");

        public static readonly DiagnosticDescriptor OnnxPathMissing = Error("NG0041",
            "ONNX path missing",
            "{0}: [OnnxModel] needs the name of a .onnx AdditionalFiles item, but is {1}");

        public static readonly DiagnosticDescriptor OnnxModelWithLayers = Error("NG0042",
            "[OnnxModel] with [Network] or layer attributes",
            "{0}: [OnnxModel] takes the network and its weights from the file; remove {1}");

        /// <summary>A warning: the network is generated, without Pretrained(); the weights are loaded at run time.</summary>
        public static readonly DiagnosticDescriptor OnnxWeightsNotEmbedded = new("NG0043",
            "ONNX weights too large to embed",
            "{0}: the weights need {1} bytes, more than the {2} bytes NetGen embeds; the architecture is imported without Pretrained(): load the weights at run time",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        /// <summary>A pool asking for both ceil (CeilMode) and floor (DropRemainder) rounding of its output size.</summary>
        public static readonly DiagnosticDescriptor PoolRoundingConflict = Error("NG0050",
            "Pooling rounding set twice",
            "{0}: CeilMode (ceil rounding) and DropRemainder (floor rounding) are both set; keep one");

        public static readonly DiagnosticDescriptor GeometryGivenTwice = Error("NG0044",
            "Convolution geometry given twice",
            "{0}: {1} and {2} both set the {3}; give one of them");

        public static readonly DiagnosticDescriptor DilatedKernelTooLarge = Error("NG0045",
            "Kernel larger than its padded input",
            "{0}: the {1}x{2} kernel (dilation {3}x{4}) spans {5}x{6}, more than its padded input {7}x{8} (input {9}x{10}, pads top {11}, left {12}, bottom {13}, right {14})");

        public static readonly DiagnosticDescriptor AxisStrideNotIntegral = Error("NG0046",
            "Output size not integral for the stride",
            "{0}: {1}: {2} + {3} + {4} - {5} = {6} is not a multiple of the stride {7}, so the last input {1} would be ignored; DropRemainder = true ignores them (PyTorch's floor)");

        public static readonly DiagnosticDescriptor LearnedConnectionsRectangular = Error("NG0047",
            "Learned connections need a square kernel",
            "{0}: LearnConnections takes a square kernel, but the kernel is {1}x{2}");

        /// <summary>[InvertedResidual]: the hidden maps given twice, as a multiple and as a number.</summary>
        public static readonly DiagnosticDescriptor ExpansionAndExpandMaps = Error("NG0055",
            "Expansion and ExpandMaps both given",
            "{0}: give the hidden maps as Expansion ({1}) or as ExpandMaps ({2}), not both");

        /// <summary>[InvertedResidual]: an argument of the squeeze-and-excitation that SqueezeMaps = 0 leaves out.</summary>
        public static readonly DiagnosticDescriptor SqueezeArgumentWithoutSqueeze = Error("NG0056",
            "Squeeze-and-excitation argument without SqueezeMaps",
            "{0}: {1} applies to the squeeze-and-excitation, which SqueezeMaps = 0 leaves out; give SqueezeMaps or remove {1}");

        /// <summary>[InvertedResidual]: padding (k - 1) / 2 keeps the map's size only for an odd kernel, as the papers use.</summary>
        public static readonly DiagnosticDescriptor EvenDepthwiseKernel = Error("NG0057",
            "Depthwise kernel not odd",
            "{0}: the depthwise kernel must be odd (3 or 5 in the papers) so that padding (kernel - 1) / 2 keeps the size, but is {1}");

        /// <summary>[ChannelShuffle], [ShuffleUnit]: the maps do not fall into equal groups (the shuffle's, the unit's two halves).</summary>
        public static readonly DiagnosticDescriptor MapsNotDivisible = Error("NG0048",
            "Maps not divisible into the groups",
            "{0}: {1} maps do not divide into {2} equal groups ({3})");

        /// <summary>[ShuffleUnit] of stride 1: the first half of the input passes unchanged, so the input has the unit's maps.</summary>
        public static readonly DiagnosticDescriptor ShuffleUnitChangesMaps = Error("NG0049",
            "Stride-1 shuffle unit must keep its input's maps",
            "{0}: a stride-1 shuffle unit splits its input in two halves and keeps their maps, so maps must be the input's {1}, but is {2}; use Stride = 2 to change the maps");
        /// <summary>A warning beside NG0043: the weights cannot be read from the file at run time either (no Load(path)).</summary>
        public static readonly DiagnosticDescriptor OnnxLoadNotGenerated = new("NG0061",
            "ONNX Load(path) not generated",
            "{0}: Load(path) is not generated: {1}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
        /// <summary>[ConvTranspose]: PyTorch requires output_padding below the stride or the dilation on each axis.</summary>
        public static readonly DiagnosticDescriptor OutputPaddingTooLarge = Error("NG0058",
            "Output padding not below the stride or the dilation",
            "{0}: the {1} output padding {2} must be smaller than the stride {3} or the dilation {4} (PyTorch's rule)");

        /// <summary>[ConvTranspose]: the pads cut off the whole output on an axis.</summary>
        public static readonly DiagnosticDescriptor TransposedOutputEmpty = Error("NG0059",
            "Transposed convolution has no output",
            "{0}: the {1}: ({2} - 1)*{3} - {4} - {5} + {6}*({7} - 1) + {8} + 1 = {9} leaves no output; the pads cut off more than the transposed convolution makes");

        /// <summary>[ConvTranspose]: groups must divide both map counts (the weight is [in, maps/groups, kH, kW]).</summary>
        public static readonly DiagnosticDescriptor TransposedGroupsDoNotDivide = Error("NG0060",
            "Transposed convolution groups do not divide the maps",
            "{0}: {1} groups do not divide the {2} input maps and {3} output maps evenly (the weight is [{2}, maps/groups, kH, kW])");
        /// <summary>[DenseBlock]: the concatenation (input maps + layers x growth rate) does not fit.</summary>
        public static readonly DiagnosticDescriptor DenseBlockTooWide = Error("NG0051",
            "Dense block concatenation too large",
            "{0}: the concatenation holds {1} + {2} x {3} = {4} maps of {5}x{6}, {7} floats, more than NetGen's limit of {8}");

        /// <summary>[Transition]: its 2x2 stride-2 average pool needs a map of at least 2x2.</summary>
        public static readonly DiagnosticDescriptor TransitionInputTooSmall = Error("NG0052",
            "Transition input smaller than its pool",
            "{0}: the transition's 2x2 average pool needs maps of at least 2x2, but its input is {1}x{2}");

        /// <summary>[Transition]: a transition compresses (DenseNet's compression factor is at most 1).</summary>
        public static readonly DiagnosticDescriptor TransitionExpands = Error("NG0053",
            "Transition with more maps than its input",
            "{0}: a transition compresses, so its maps must be at most its input's {1}, but are {2}");

        public static readonly DiagnosticDescriptor ArgumentNotTaken = Error("NG0070",
            "Argument the activation does not take",
            "{0}: {1} = {2} is not an argument of {3}; only {4} take it");
    }
}
