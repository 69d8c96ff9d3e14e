using System.Collections.Generic;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Where an imported value comes from: the network input (source 0), a layer's output (<see cref="Layer"/>), or a
    /// concatenation along the maps of layer outputs (<see cref="Parts"/>, each written straight into its slice).
    /// </summary>
    internal sealed class ImportSource
    {
        /// <summary>The layer (an index in the imported layers) whose output this is, or -1.</summary>
        public int Layer { get; set; } = -1;
        /// <summary>A concatenation's parts in map order (sources of layers that nothing else reads), or null.</summary>
        public int[]? Parts { get; set; }
        /// <summary>A concatenation's name (readers name it as their producer, as they name a declared [Inception] block).</summary>
        public string? Name { get; set; }
        public int C { get; set; }
        public int H { get; set; }
        public int W { get; set; }
        /// <summary>Bumped when an activation is fused into the layer: values read before are stale.</summary>
        public int Version { get; set; }
        /// <summary>Whether a layer or concatenation already reads the value (an activation can no longer be fused in).</summary>
        public bool DataRead { get; set; }
    }

    /// <summary>One imported layer: its spec (as the layer attribute would give it) and the sources it reads, in edge order.</summary>
    internal sealed class ImportedLayer
    {
        public ImportedLayer(LayerSpec spec, int[] inputs, string node)
        {
            Spec = spec; Inputs = inputs; Node = node;
        }

        public LayerSpec Spec { get; set; }
        /// <summary>Sources read: [0] the input; an Add's [1] the value it adds.</summary>
        public int[] Inputs { get; set; }
        /// <summary>The ONNX node it came from, as messages name it.</summary>
        public string Node { get; }
    }

    /// <summary>
    /// The importer's result: the network as layer specs (<see cref="NetworkSpec.Layers"/>, in the file's topological order)
    /// and which value each layer reads, which <see cref="OnnxGraphAnalyzer"/> wires into the same graph model the block
    /// attributes build: a value read by several layers, an Add of two values, a concatenation written in slices.
    /// </summary>
    internal sealed record OnnxNetwork(NetworkSpec Spec, IReadOnlyList<ImportedLayer> Layers, IReadOnlyList<ImportSource?> Sources, int Output);
}
