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
        public static bool Declare(OnnxNetwork network, List<string> attributes, Dictionary<string, string> rename, List<string> problems) =>
            new Declaration(network, attributes, rename, problems).Run();

        /// <summary>The walk's state: the value the next attribute reads, the layer it starts at, the [Residual] stage being gathered.</summary>
        private sealed class Declaration
        {
            private readonly OnnxNetwork _network;
            private readonly IReadOnlyList<ImportedLayer> _layers;
            private readonly IReadOnlyList<ImportSource?> _sources;
            private readonly List<string> _attributes;
            private readonly Dictionary<string, string> _rename;
            private readonly List<string> _problems;
            private readonly int[] _produces;
            private readonly Dictionary<int, int> _partOf = new();
            private readonly Walker _walker;
            private readonly ShuffleWalker _shuffle;
            private readonly DenseWalker _dense;
            private int _denseBlocks, _residuals, _current, _i;
            private (string? Name, int Maps, bool Bottleneck, int Stride, int Repeat) _stage;

            public Declaration(OnnxNetwork network, List<string> attributes, Dictionary<string, string> rename, List<string> problems)
            {
                (_network, _layers, _sources, _attributes, _rename, _problems) = (network, network.Layers, network.Sources, attributes, rename, problems);
                _produces = new int[_layers.Count];
                for (int s = 0; s < _sources.Count; s++)
                    if (_sources[s] is { Layer: >= 0 } source) _produces[source.Layer] = s;
                var readers = new Dictionary<int, int>();
                foreach (var l in _layers)
                    foreach (int s in l.Inputs.Distinct()) readers[s] = readers.TryGetValue(s, out int n) ? n + 1 : 1;
                int Readers(int source) => readers.TryGetValue(source, out int n) ? n : 0;
                for (int s = 0; s < _sources.Count; s++)
                    if (_sources[s]?.Parts is { } parts)
                        foreach (int p in parts) _partOf[p] = s;
                _walker = new Walker(_layers, _produces, Readers, _partOf, _sources);
                _shuffle = new ShuffleWalker(_layers, _produces, Readers, _partOf, _sources);
                _dense = new DenseWalker(_layers, _produces, Readers);
            }

            public bool Run()
            {
                while (_i < _layers.Count)
                {
                    if (Residual()) continue;
                    Flush();
                    if (!(Shuffle() || Dense() || Fire() || Inception() || Plain())) return false;
                }
                Flush();
                if (_current != _network.Output)
                {
                    _problems.Add("the network's output is not its last value");
                    return false;
                }
                return true;
            }

            /// <summary>Writes the [Residual] stage gathered so far.</summary>
            private void Flush()
            {
                if (_stage.Repeat == 0) return;
                _attributes.Add($"[Residual({_stage.Maps}{(_stage.Stride != 1 ? $", Stride = {_stage.Stride}" : "")}{(_stage.Repeat != 1 ? $", Repeat = {_stage.Repeat}" : "")}"
                    + $"{(_stage.Bottleneck ? ", Bottleneck = true" : "")}, Name = \"{_stage.Name}\")]");
                _stage.Repeat = 0;
            }

            /// <summary>A ResNet block: extends the running stage (same maps, stride 1, identity shortcut, the next index) or starts one.</summary>
            private bool Residual()
            {
                if (_walker.Residual(_i, _current) is not { } block) return false;
                var m = Regex.Match(_layers[_i].Spec.Name!, @"^(.+)\.(\d+)\.conv1$");
                string? named = m.Success ? m.Groups[1].Value : null;
                bool extends = _stage.Repeat > 0 && block.Stride == 1 && !block.Projects && block.Maps == _stage.Maps && block.Bottleneck == _stage.Bottleneck
                    && (named is null ? _stage.Name!.StartsWith("R", System.StringComparison.Ordinal) : named == _stage.Name && m.Groups[2].Value == _stage.Repeat.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!extends)
                {
                    Flush();
                    _stage = (named ?? "R" + ++_residuals, block.Maps, block.Bottleneck, block.Stride, 0);
                }
                string prefix = $"{_stage.Name}.{_stage.Repeat}";
                foreach (var (index, suffix) in block.Layers) _rename[_layers[index].Spec.Name!] = prefix + suffix;
                _stage.Repeat++;
                _current = _produces[block.Layers[block.Layers.Count - 1].Index];
                _i = block.Layers.Max(l => l.Index) + 1;
                return true;
            }

            private bool Shuffle()
            {
                if (_shuffle.Match(_i, _current) is not { } unit) return false;
                _attributes.Add($"[ShuffleUnit({unit.Maps}{(unit.Stride != 1 ? $", Stride = {unit.Stride}" : "")}, Name = \"{unit.Name}\")]");
                foreach (var (index, suffix) in unit.Layers) _rename[_layers[index].Spec.Name!] = unit.Name + suffix;
                _current = unit.Output;
                _i = unit.Layers.Max(l => l.Index) + 1;
                return true;
            }

            private bool Dense()
            {
                if (_dense.Match(_i, _current) is not { } db) return false;
                string name = db.Name.Length > 0 ? db.Name : "DB" + ++_denseBlocks;
                _attributes.Add($"[DenseBlock({db.Layers}, {db.Growth}{(db.Width != 4 ? $", BottleneckWidth = {db.Width}" : "")}, Name = \"{name}\")]");
                foreach (var (index, suffix) in db.Members) _rename[_layers[index].Spec.Name!] = name + suffix;
                _current = db.Output;
                _i = db.Members.Max(l => l.Index) + 1;
                return true;
            }

            private bool Fire()
            {
                if (_walker.Fire(_i, _current) is not { } fire) return false;
                var (squeeze, e1, e3) = ((ConvSpec)_layers[_i].Spec, (ConvSpec)_layers[_i + 1].Spec, (ConvSpec)_layers[_i + 2].Spec);
                string name = _sources[fire]!.Name!;
                _attributes.Add($"[Fire({squeeze.Maps}, {e1.Maps}, {e3.Maps}, Name = \"{name}\")]");
                _rename[squeeze.Name!] = name + ".squeeze";
                _rename[e1.Name!] = name + ".expand1x1";
                _rename[e3.Name!] = name + ".expand3x3";
                _current = fire;
                _i += 3;
                return true;
            }

            private bool Inception()
            {
                if (_walker.Inception(_i, _current) is not { } inception) return false;
                string name = _sources[inception]!.Name!;
                var maps = new[] { 0, 1, 2, 3, 4, 6 }.Select(k => ((ConvSpec)_layers[_i + k].Spec).Maps);
                _attributes.Add($"[Inception({string.Join(", ", maps)}, Name = \"{name}\")]");
                string[] suffixes = { ".branch1", ".branch2.reduce", ".branch2.conv", ".branch3.reduce", ".branch3.conv", ".branch4.pool", ".branch4.proj" };
                for (int k = 0; k < 7; k++) _rename[_layers[_i + k].Spec.Name!] = name + suffixes[k];
                _current = inception;
                _i += 7;
                return true;
            }

            /// <summary>A layer outside any block: it must read the value before it, alone; false (a problem) when it is part of a join.</summary>
            private bool Plain()
            {
                var layer = _layers[_i];
                int output = _produces[_i];
                if (layer.Inputs.Length != 1 || layer.Inputs[0] != _current || _partOf.ContainsKey(output))
                {
                    _problems.Add($"node '{layer.Node}' ({layer.Spec.Kind} {layer.Spec.Name}) is part of a join that NetGen's attributes express only as [Residual], [ShuffleUnit], [DenseBlock], [Fire] or [Inception] blocks, and it is not one of them");
                    return false;
                }
                _attributes.Add(OnnxEject.Attribute(layer.Spec, layer.Spec.Name!));
                _current = output;
                _i++;
                return true;
            }
        }
    }
}
