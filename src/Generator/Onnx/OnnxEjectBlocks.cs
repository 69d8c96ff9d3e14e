using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Walks an imported network as the attributes declare one: each layer reads the one before, and where the graph
    /// forks, the layers must be exactly what a block expands into (BlockExpander's layers, wiring and hyper-parameters):
    /// ResNet blocks (a run of them one [Residual] stage), a ShuffleNetV2 unit (<see cref="ShuffleWalker"/>), a dense block
    /// (<see cref="DenseWalker"/>), a fire module, an inception module.
    /// </summary>
    internal static class OnnxEjectBlocks
    {
        public static bool Declare(OnnxNetwork network, List<string> attributes, Dictionary<string, string> rename, List<string> problems)
        {
            var layers = network.Layers;
            var sources = network.Sources;
            var produces = new int[layers.Count];
            for (int s = 0; s < sources.Count; s++)
                if (sources[s] is { Layer: >= 0 } source) produces[source.Layer] = s;
            var readers = new Dictionary<int, int>();
            foreach (var l in layers)
                foreach (int s in l.Inputs.Distinct()) readers[s] = readers.TryGetValue(s, out int n) ? n + 1 : 1;
            int Readers(int source) => readers.TryGetValue(source, out int n) ? n : 0;
            var partOf = new Dictionary<int, int>();
            for (int s = 0; s < sources.Count; s++)
                if (sources[s]?.Parts is { } parts)
                    foreach (int p in parts) partOf[p] = s;

            var w = new Walker(layers, produces, Readers, partOf, sources);
            var shuffle = new ShuffleWalker(layers, produces, Readers, partOf, sources);
            var dense = new DenseWalker(layers, produces, Readers);
            int denseBlocks = 0;
            int current = 0, i = 0;
            var stage = (Name: (string?)null, Maps: 0, Bottleneck: false, Stride: 1, Repeat: 0);
            void Flush()
            {
                if (stage.Repeat == 0) return;
                attributes.Add($"[Residual({stage.Maps}{(stage.Stride != 1 ? $", Stride = {stage.Stride}" : "")}{(stage.Repeat != 1 ? $", Repeat = {stage.Repeat}" : "")}"
                    + $"{(stage.Bottleneck ? ", Bottleneck = true" : "")}, Name = \"{stage.Name}\")]");
                stage.Repeat = 0;
            }
            int residuals = 0;
            while (i < layers.Count)
            {
                if (w.Residual(i, current) is { } block)
                {
                    // A block of the running stage (same maps, stride 1, identity shortcut, the next index) extends it.
                    var m = Regex.Match(layers[i].Spec.Name!, @"^(.+)\.(\d+)\.conv1$");
                    string? named = m.Success ? m.Groups[1].Value : null;
                    bool extends = stage.Repeat > 0 && block.Stride == 1 && !block.Projects && block.Maps == stage.Maps && block.Bottleneck == stage.Bottleneck
                        && (named is null ? stage.Name!.StartsWith("R", System.StringComparison.Ordinal) : named == stage.Name && m.Groups[2].Value == stage.Repeat.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (!extends)
                    {
                        Flush();
                        stage = (named ?? "R" + ++residuals, block.Maps, block.Bottleneck, block.Stride, 0);
                    }
                    string prefix = $"{stage.Name}.{stage.Repeat}";
                    foreach (var (index, suffix) in block.Layers) rename[layers[index].Spec.Name!] = prefix + suffix;
                    stage.Repeat++;
                    current = produces[block.Layers[block.Layers.Count - 1].Index];
                    i = block.Layers.Max(l => l.Index) + 1;
                    continue;
                }
                Flush();
                if (shuffle.Match(i, current) is { } unit)
                {
                    attributes.Add($"[ShuffleUnit({unit.Maps}{(unit.Stride != 1 ? $", Stride = {unit.Stride}" : "")}, Name = \"{unit.Name}\")]");
                    foreach (var (index, suffix) in unit.Layers) rename[layers[index].Spec.Name!] = unit.Name + suffix;
                    current = unit.Output;
                    i = unit.Layers.Max(l => l.Index) + 1;
                    continue;
                }
                if (dense.Match(i, current) is { } db)
                {
                    string name = db.Name.Length > 0 ? db.Name : "DB" + ++denseBlocks;
                    attributes.Add($"[DenseBlock({db.Layers}, {db.Growth}{(db.Width != 4 ? $", BottleneckWidth = {db.Width}" : "")}, Name = \"{name}\")]");
                    foreach (var (index, suffix) in db.Members) rename[layers[index].Spec.Name!] = name + suffix;
                    current = db.Output;
                    i = db.Members.Max(l => l.Index) + 1;
                    continue;
                }
                if (w.Fire(i, current) is { } fire)
                {
                    var (squeeze, e1, e3) = ((ConvSpec)layers[i].Spec, (ConvSpec)layers[i + 1].Spec, (ConvSpec)layers[i + 2].Spec);
                    string name = sources[fire]!.Name!;
                    attributes.Add($"[Fire({squeeze.Maps}, {e1.Maps}, {e3.Maps}, Name = \"{name}\")]");
                    rename[squeeze.Name!] = name + ".squeeze";
                    rename[e1.Name!] = name + ".expand1x1";
                    rename[e3.Name!] = name + ".expand3x3";
                    current = fire;
                    i += 3;
                    continue;
                }
                if (w.Inception(i, current) is { } inception)
                {
                    string name = sources[inception]!.Name!;
                    var maps = new[] { 0, 1, 2, 3, 4, 6 }.Select(k => ((ConvSpec)layers[i + k].Spec).Maps);
                    attributes.Add($"[Inception({string.Join(", ", maps)}, Name = \"{name}\")]");
                    string[] suffixes = { ".branch1", ".branch2.reduce", ".branch2.conv", ".branch3.reduce", ".branch3.conv", ".branch4.pool", ".branch4.proj" };
                    for (int k = 0; k < 7; k++) rename[layers[i + k].Spec.Name!] = name + suffixes[k];
                    current = inception;
                    i += 7;
                    continue;
                }
                var layer = layers[i];
                int output = produces[i];
                if (layer.Inputs.Length != 1 || layer.Inputs[0] != current || partOf.ContainsKey(output))
                {
                    problems.Add($"node '{layer.Node}' ({layer.Spec.Kind} {layer.Spec.Name}) is part of a join that NetGen's attributes express only as [Residual], [ShuffleUnit], [DenseBlock], [Fire] or [Inception] blocks, and it is not one of them");
                    return false;
                }
                attributes.Add(OnnxEject.Attribute(layer.Spec, layer.Spec.Name!));
                current = output;
                i++;
            }
            Flush();
            if (current != network.Output)
            {
                problems.Add("the network's output is not its last value");
                return false;
            }
            return true;
        }
    }
}
