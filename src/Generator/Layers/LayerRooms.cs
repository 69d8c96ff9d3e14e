using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers
{
    /// <summary>The registry: every layer kind's room, found by kind or by attribute. A new kind adds one line here.</summary>
    internal static class LayerRooms
    {
        private static readonly AttributeRoom[] All =
        {
            new ConvRoom(),
            new PoolRoom(LayerKind.Subsample),
            new PoolRoom(LayerKind.MaxPool),
            new PoolRoom(LayerKind.AvgPool),
            new DenseRoom(),
            new OutputRoom(LayerKind.Rbf),
            new OutputRoom(LayerKind.Softmax),
            new OutputRoom(LayerKind.LogSoftmax),
            new LocalResponseNormRoom(),
            new DropoutRoom(),
            new GlobalAvgPoolRoom(),
            new BatchNormRoom(),
            new AddRoom(),
            new UpsampleRoom(),
            new ActivationRoom(LayerKind.LeakyRelu),
            new ActivationRoom(LayerKind.Activation),
            new ResidualRoom(),
            new InceptionRoom(),
            new FireRoom(),
            new MulRoom(),
            new SqueezeExciteRoom(),
            new InvertedResidualRoom(),
            new ChannelShuffleRoom(),
            new ChannelSliceRoom(),
            new ShuffleUnitRoom(),
            new ConvTransposeRoom(),
            new DenseBlockRoom(),
            new TransitionRoom(),
            new ConcatRoom(),
        };

        private static readonly Dictionary<LayerKind, AttributeRoom> ByKind = All.ToDictionary(r => r.Kind);

        /// <summary>Rooms of the layer attributes, by the attribute's metadata name.</summary>
        public static readonly Dictionary<string, AttributeRoom> ByAttribute = All.Where(r => r.AttributeName is not null).ToDictionary(r => r.AttributeName!);

        /// <summary>The room of a kind of layer (never a block: blocks are expanded before anything asks).</summary>
        public static LayerRoom Of(LayerKind kind) => (LayerRoom)ByKind[kind];

        public static LayerRoom Of(LayerModel layer) => Of(layer.Kind);

        public static AttributeRoom Of(Parsing.LayerSpec spec) => ByKind[spec.Kind];

        /// <summary>"[Conv], [Subsample], ..." for messages that list the layer attributes.</summary>
        public static string AttributeList => string.Join(", ", All.Select(r => r.AttributeName).OfType<string>().Select(name => "[" + name.Substring("NetGen.".Length, name.Length - "NetGen.".Length - "Attribute".Length) + "]"));
    }
}
