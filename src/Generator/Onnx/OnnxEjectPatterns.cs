using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// The layer patterns BlockExpander writes for [Residual], [Fire] and [Inception], matched on imported layers: kinds,
    /// hyper-parameters (kernels, pads, strides, biases, activations, batch norm defaults) and wiring (who reads what, and
    /// nothing else reads it). A match is what the block attribute would compute.
    /// </summary>
    internal sealed class Walker(IReadOnlyList<ImportedLayer> layers, int[] produces, Func<int, int> readers, Dictionary<int, int> partOf, IReadOnlyList<ImportSource?> sources)
    {
        /// <summary>A residual block: its layers with the suffixes BlockExpander names them by (".conv1", ".downsample.0", ".add").</summary>
        public sealed record Block(int Maps, int Stride, bool Bottleneck, bool Projects, List<(int Index, string Suffix)> Layers);

        private static readonly ActivationKind None = ActivationKind.Identity, Relu = ActivationKind.ReLU;

        private ConvSpec? Conv(int i, int reads, int kernel, int pad, ActivationKind activation, bool bias, int stride = 1)
        {
            if (i >= layers.Count || layers[i].Spec is not ConvSpec c || layers[i].Inputs.Length != 1 || layers[i].Inputs[0] != reads) return null;
            bool fits = c.Kernel == kernel && c.Pad == pad && c.Stride == stride && c.Groups == 1 && c.Activation == (int)activation && c.NoBias == !bias;
            return fits ? c : null;
        }

        private bool Norm(int i, ActivationKind activation) =>
            i < layers.Count && layers[i].Spec is BatchNormSpec b && layers[i].Inputs.Length == 1 && layers[i].Inputs[0] == produces[i - 1]
            && b.Activation == (int)activation && (float)b.Epsilon == 1e-5f && b.Momentum == 0.1;

        /// <summary>Layer i's output is read by one layer only, and is no concatenation's part.</summary>
        private bool Once(int i) => readers(produces[i]) == 1 && !partOf.ContainsKey(produces[i]);

        private int Channels(int source) => sources[source]!.C;

        public Block? Residual(int i, int x)
        {
            if (i >= layers.Count || layers[i].Spec is not ConvSpec first) return null;
            bool bottleneck = first.Kernel == 1;
            int stride = first.Stride, m = first.Maps, outMaps = bottleneck ? 4 * m : m;
            var main = bottleneck
                ? new[] { (1, 0, stride, m), (3, 1, 1, m), (1, 0, 1, outMaps) }
                : new[] { (3, 1, stride, m), (3, 1, 1, m) };
            var found = new List<(int Index, string Suffix)>();
            int at = i, input = x;
            for (int k = 0; k < main.Length; k++)
            {
                var (kernel, pad, s, maps) = main[k];
                if (Conv(at, input, kernel, pad, None, false, s) is not { } c || c.Maps != maps || !Norm(at + 1, k + 1 < main.Length ? Relu : None) || !Once(at) || !Once(at + 1)) return null;
                found.Add((at, $".conv{k + 1}"));
                found.Add((at + 1, $".bn{k + 1}"));
                input = produces[at + 1];
                at += 2;
            }
            bool projects = stride != 1 || Channels(x) != outMaps;
            int shortcut = x;
            if (projects)
            {
                if (Conv(at, x, 1, 0, None, false, stride) is not { } d || d.Maps != outMaps || !Norm(at + 1, None) || !Once(at) || !Once(at + 1)) return null;
                found.Add((at, ".downsample.0"));
                found.Add((at + 1, ".downsample.1"));
                shortcut = produces[at + 1];
                at += 2;
            }
            if (at >= layers.Count || layers[at].Spec is not AddSpec add || add.Activation != (int)Relu || readers(x) != 2) return null;
            var reads = layers[at].Inputs;
            if (reads.Length != 2 || !(reads[0] == input && reads[1] == shortcut || reads[0] == shortcut && reads[1] == input)) return null;
            found.Add((at, ".add"));
            return new Block(m, stride, bottleneck, projects, found);
        }

        /// <summary>A fire module at layer i reading x: its concatenation's source, or null.</summary>
        public int? Fire(int i, int x)
        {
            if (Conv(i, x, 1, 0, Relu, true) is null || readers(x) != 1) return null;
            int squeezed = produces[i];
            if (readers(squeezed) != 2 || partOf.ContainsKey(squeezed) || Conv(i + 1, squeezed, 1, 0, Relu, true) is null || Conv(i + 2, squeezed, 3, 1, Relu, true) is null) return null;
            return Concatenation(produces[i + 1], produces[i + 2]);
        }

        /// <summary>An inception module at layer i reading x: its concatenation's source, or null.</summary>
        public int? Inception(int i, int x)
        {
            if (readers(x) != 4 || Conv(i, x, 1, 0, Relu, true) is null || Conv(i + 1, x, 1, 0, Relu, true) is null
                || Conv(i + 2, produces[i + 1], 3, 1, Relu, true) is null || Conv(i + 3, x, 1, 0, Relu, true) is null
                || Conv(i + 4, produces[i + 3], 5, 2, Relu, true) is null || Conv(i + 6, produces[i + 5], 1, 0, Relu, true) is null)
                return null;
            if (layers[i + 5].Spec is not PoolSpec { Kind: LayerKind.MaxPool, Window: 3, Stride: 1, Pad: 1 } || layers[i + 5].Inputs.Single() != x) return null;
            if (!new[] { i + 1, i + 3, i + 5 }.All(Once)) return null;
            return Concatenation(produces[i], produces[i + 2], produces[i + 4], produces[i + 6]);
        }

        /// <summary>The concatenation whose parts are exactly these, in this order, or null.</summary>
        private int? Concatenation(params int[] parts)
        {
            if (!partOf.TryGetValue(parts[0], out int concat)) return null;
            return sources[concat]!.Parts!.SequenceEqual(parts) ? concat : null;
        }
    }
}
