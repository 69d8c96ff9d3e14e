using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// The layers ShuffleBlocks.Unit writes for [ShuffleUnit(maps, Stride)], matched on imported layers (kinds, kernels,
    /// strides, groups, biases, activations, batch norm defaults, and who reads what): stride 1 splits x into two
    /// ChannelSlice copies, stride 2 reads x in both branches; both concatenate and shuffle in 2 groups.
    /// </summary>
    internal sealed class ShuffleWalker(IReadOnlyList<ImportedLayer> layers, int[] produces, Func<int, int> readers, Dictionary<int, int> partOf, IReadOnlyList<ImportSource?> sources)
    {
        /// <summary>A unit: its maps, stride, name (the concatenation's), the layers with their suffixes, and its output source.</summary>
        public sealed record Unit(int Maps, int Stride, string Name, List<(int Index, string Suffix)> Layers, int Output);

        private bool Reads(int i, int source) => i < layers.Count && layers[i].Inputs.Length == 1 && layers[i].Inputs[0] == source;

        private bool Conv(int i, int reads, int maps, int kernel, int stride, int groups) =>
            Reads(i, reads) && layers[i].Spec is ConvSpec c && c.Maps == maps && c.Kernel == kernel && c.KernelW is null && c.Stride == stride
            && c.StrideH == 0 && c.Pad == (kernel - 1) / 2 && c.PadTop < 0 && c.Dilation == 1 && c.DilationH == 0 && c.Groups == groups && c.NoBias && c.Activation == 0;

        private bool Norm(int i, bool relu) =>
            Reads(i, produces[i - 1]) && layers[i].Spec is BatchNormSpec b && b.Activation == (relu ? (int)ActivationKind.ReLU : 0)
            && (float)b.Epsilon == 1e-5f && b.Momentum == 0.1;

        private bool Slice(int i, int x, int start, int count) =>
            Reads(i, x) && layers[i].Spec is ChannelSliceSpec s && s.Start == start && s.Count == count;

        /// <summary>Conv + BN pairs from layer <paramref name="i"/> (branch2's or branch1's), each output read once.</summary>
        private bool Chain(int i, int x, (int Maps, int Kernel, int Stride, int Groups, bool Relu)[] pairs)
        {
            int input = x;
            for (int k = 0; k < pairs.Length; k++, i += 2)
            {
                var (maps, kernel, stride, groups, relu) = pairs[k];
                if (!Conv(i, input, maps, kernel, stride, groups) || !Norm(i + 1, relu) || readers(produces[i]) != 1) return false;
                input = produces[i + 1];
                if (k + 1 < pairs.Length && readers(input) != 1) return false;
            }
            return true;
        }

        public Unit? Match(int i, int x)
        {
            if (i >= layers.Count || readers(x) != 2 || sources[x] is not { } input) return null;
            int c = input.C;
            bool split = layers[i].Spec is ChannelSliceSpec;
            int half = split ? c / 2 : i + 2 < layers.Count && layers[i + 2].Spec is ConvSpec b1 ? b1.Maps : 0, stride = split ? 1 : 2;
            if (half < 1 || (split && c != 2 * half)) return null;
            var names = new List<string>();
            int first = i;
            if (split)
            {
                if (!Slice(i, x, 0, half) || !Slice(i + 1, x, half, half)) return null;
                names.AddRange(new[] { ".split1", ".split2" });
                i += 2;
            }
            else
            {
                if (!Chain(i, x, new[] { (c, 3, 2, c, false), (half, 1, 1, 1, true) })) return null;
                names.AddRange(new[] { ".branch1.0", ".branch1.1", ".branch1.2", ".branch1.3" });
                i += 4;
            }
            int branch2 = split ? produces[first + 1] : x;
            if (split && readers(branch2) != 1) return null;
            if (!Chain(i, branch2, new[] { (half, 1, 1, 1, true), (half, 3, stride, half, false), (half, 1, 1, 1, true) })) return null;
            names.AddRange(new[] { ".branch2.0", ".branch2.1", ".branch2.3", ".branch2.4", ".branch2.5", ".branch2.6" });
            i += 6;
            int left = produces[split ? first : first + 3], right = produces[i - 1];
            if (!partOf.TryGetValue(left, out int concat) || !sources[concat]!.Parts!.SequenceEqual(new[] { left, right }) || readers(concat) != 1) return null;
            if (!Reads(i, concat) || layers[i].Spec is not ChannelShuffleSpec { Groups: 2 }) return null;
            string name = sources[concat]!.Name!;
            names.Add("_shuffle");
            var found = names.Select((suffix, k) => (first + k, suffix)).ToList();
            return new Unit(2 * half, stride, name, found, produces[i]);
        }
    }
}
