using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// The layers an imported dense block is made of (NetGen's export or torchvision's): per dense layer L, norm1 (BN+ReLU)
    /// reading the concatenation so far (the block's input for L = 1), conv1 (1x1, width x growth maps), norm2 (BN+ReLU),
    /// conv2 (3x3, pad 1, growth maps), then a Concat layer of that concatenation and conv2's maps. A match is what
    /// [DenseBlock(layers, growth, BottleneckWidth)] computes; its transition layers eject as plain layers.
    /// </summary>
    internal sealed class DenseWalker(IReadOnlyList<ImportedLayer> layers, int[] produces, Func<int, int> readers)
    {
        /// <summary>A dense block: its attribute's arguments, name, layers with their suffixes, and its output source.</summary>
        public sealed record Block(int Layers, int Growth, int Width, string Name, List<(int Index, string Suffix)> Members, int Output);

        private bool Reads(int i, int source) => i < layers.Count && layers[i].Inputs.Length == 1 && layers[i].Inputs[0] == source;

        private bool Norm(int i, int reads) =>
            Reads(i, reads) && layers[i].Spec is BatchNormSpec b && b.Activation == (int)ActivationKind.ReLU && (float)b.Epsilon == 1e-5f && b.Momentum == 0.1;

        private ConvSpec? Conv(int i, int kernel) =>
            Reads(i, produces[i - 1]) && layers[i].Spec is ConvSpec c && c.Kernel == kernel && c.KernelW is null && c.Stride == 1 && c.StrideH == 0
            && c.Pad == (kernel - 1) / 2 && c.PadTop < 0 && c.Dilation == 1 && c.DilationH == 0 && c.Groups == 1 && c.NoBias && c.Activation == 0 ? c : null;

        /// <summary>Dense layer at i reading <paramref name="cat"/>: (growth, bottleneck maps), or null.</summary>
        private (int Growth, int Bottleneck)? Layer(int i, int cat)
        {
            if (!Norm(i, cat) || Conv(i + 1, 1) is not { } c1 || !Norm(i + 2, produces[i + 1]) || Conv(i + 3, 3) is not { } c2) return null;
            for (int k = 0; k < 3; k++)
                if (readers(produces[i + k]) != 1) return null;
            return (c2.Maps, c1.Maps);
        }

        private bool Concat(int i, int cat, int grown) =>
            i < layers.Count && layers[i].Spec is ConcatSpec && layers[i].Inputs.Length == 2 && layers[i].Inputs[0] == cat && layers[i].Inputs[1] == grown;

        public Block? Match(int i, int x)
        {
            if (Layer(i, x) is not { } first || first.Bottleneck % first.Growth != 0) return null;
            var m = Regex.Match(layers[i].Spec.Name!, @"^(.+)\.denselayer1\.norm1$");
            var members = new List<(int, string)>();
            int cat = x, count = 0, at = i;
            while (Layer(at, cat) is { } layer && layer == first && Concat(at + 4, cat, produces[at + 3]) && readers(cat) == 2)
            {
                count++;
                string p = $".denselayer{count}";
                members.AddRange(new[] { (at, p + ".norm1"), (at + 1, p + ".conv1"), (at + 2, p + ".norm2"), (at + 3, p + ".conv2"), (at + 4, p + ".cat") });
                cat = produces[at + 4];
                at += 5;
            }
            return count == 0 ? null : new Block(count, first.Growth, first.Bottleneck / first.Growth, m.Success ? m.Groups[1].Value : "", members, cat);
        }
    }
}
