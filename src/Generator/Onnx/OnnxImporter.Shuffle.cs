using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// Maps [N,C,H,W] seen as [N,A,B,H,W] (A x B = C) by a Reshape, A and B swapped once a Transpose perm [0,2,1,3,4] ran:
    /// PyTorch's channel_shuffle between its two views. Not a value NetGen stores; the Reshape back to [N,C,H,W] makes it a
    /// ChannelShuffle layer reading <see cref="Base"/>.
    /// </summary>
    internal sealed class ShuffleView : ImportValue
    {
        public ShuffleView(ActivationValue @base, int a, int b, bool transposed)
        {
            Base = @base; A = a; B = b; Transposed = transposed;
        }

        public ActivationValue Base { get; }
        /// <summary>The groups: the first of the two dimensions the Reshape split the maps into.</summary>
        public int A { get; }
        public int B { get; }
        public bool Transposed { get; }

        /// <summary>The view's dimensions, the batch as <see cref="ConstantValue.Batch"/>.</summary>
        public long[] Dims => Transposed ? new[] { ConstantValue.Batch, B, A, Base.H, (long)Base.W } : new[] { ConstantValue.Batch, A, B, Base.H, (long)Base.W };

        public string ShapeText => $"[N,{(Transposed ? B : A)},{(Transposed ? A : B)},{Base.H},{Base.W}]";
    }

    /// <summary>
    /// ShuffleNetV2's operators as torch.onnx.export and NetGen's exporter write them: channel_shuffle's Reshape to
    /// [N,g,C/g,H,W], Transpose perm [0,2,1,3,4], Reshape to [N,C,H,W] (one ChannelShuffle(g) layer: output map k g + j is
    /// input map j C/g + k, PyTorch's and ONNX's result); Slice on axis 1 and Split on axis 1 (x.chunk(2, dim=1)) as
    /// ChannelSlice layers, copies of map ranges (or unit ranges of [N,D]). Any other Transpose, 5-D Reshape, Slice or Split is refused by node.
    /// </summary>
    internal sealed partial class OnnxImporter
    {
        private const string ShuffleForm = "NetGen maps a Transpose only as channel_shuffle's perm [0,2,1,3,4] between Reshapes of [N,C,H,W] to [N,g,C/g,H,W] and back";

        /// <summary>Reshape of maps to five dimensions: channel_shuffle's first view [N,A,B,H,W] (0 and -1 resolved as ONNX does).</summary>
        private bool GroupView(OnnxNode node, ActivationValue x, long[] target, string wanted)
        {
            if (x.Flat || x.Version != _sources[x.Source]!.Version)
                return Refuse(node, x.Flat ? $"reshapes the flat value {x.ShapeText} to {wanted}; {ShuffleForm}"
                    : $"reshapes '{NodeAttributes.Shown(node.Inputs[0])}', the value before an activation that NetGen fused into the layer that computed it");
            var dims = Resolve(target, new long[] { ConstantValue.Batch, x.C, x.H, x.W }, x.Length);
            if (dims is null || !BatchFirst(target[0]) || dims[3] != x.H || dims[4] != x.W || dims[1] < 1 || dims[2] < 1 || dims[1] * dims[2] != x.C)
                return Refuse(node, $"reshapes {x.ShapeText} to {wanted}; NetGen maps a 5-D Reshape only as channel_shuffle's view [N,g,C/g,H,W] of maps [N,C,H,W]");
            if (!OneReader(node)) return false;
            // The read stays a use of x (the shuffle layer reads it later), so no activation is fused into x's layer meanwhile.
            Output(node, new ShuffleView(x, (int)dims[1], (int)dims[2], false));
            return true;
        }

        /// <summary>Reshape of a view back to the maps: the channel shuffle (transposed view) or the maps unchanged.</summary>
        private bool Unview(OnnxNode node, ShuffleView view, long[] target, string wanted)
        {
            var x = view.Base;
            var dims = Resolve(target, view.Dims, x.Length);
            if (dims is null || dims.Length != 4 || !BatchFirst(target[0]) || dims[1] != x.C || dims[2] != x.H || dims[3] != x.W)
                return Refuse(node, $"reshapes the view {view.ShapeText} of {x.ShapeText} to {wanted}; NetGen maps channel_shuffle's last Reshape back to the maps {x.ShapeText}");
            if (x.Version != _sources[x.Source]!.Version)
                return Refuse(node, $"reads the view of a value that NetGen later fused an activation into");
            if (!view.Transposed)
            {
                Transfer(x);   // the view's read becomes this name's readers
                Output(node, x);
                return true;
            }
            // torch's scope names the module that called channel_shuffle: its layer is NAME_shuffle, as [ShuffleUnit] names it.
            string name = LayerName(null, Module(node) + (node.Name.StartsWith("/", System.StringComparison.Ordinal) ? "_shuffle" : ""));
            var spec = new ChannelShuffleSpec { Kind = LayerKind.ChannelShuffle, Groups = view.A };
            Output(node, NamedLayer(node, spec, name, Spatial(x, x.C, x.H, x.W), new[] { x }));
            return true;
        }

        private bool Transpose(OnnxNode node)
        {
            var perm = node.Ints("perm");
            string permText = perm is null ? "reversed (no perm)" : NodeAttributes.List(perm);
            switch (Input(node, 0))
            {
                case ShuffleView view when perm is not null && perm.SequenceEqual(new long[] { 0, 2, 1, 3, 4 }):
                    if (!OneReader(node)) return false;
                    Output(node, new ShuffleView(view.Base, view.A, view.B, !view.Transposed));
                    return true;
                case ShuffleView view:
                    return Refuse(node, $"transposes the view {view.ShapeText} of {view.Base.ShapeText} with perm {permText}; {ShuffleForm}");
                case ActivationValue x when perm is not null && perm.SequenceEqual(Enumerable.Range(0, x.Rank).Select(i => (long)i)):
                    return Alias(node);
                case ActivationValue x:
                    return Refuse(node, $"transposes {x.ShapeText} with perm {permText}; {ShuffleForm}");
                default:
                    return Refuse(node, "transposes a constant or a value NetGen could not map; NetGen folds no Transpose of constants");
            }
        }

        /// <summary>Slice of maps on axis 1 (starts, ends, axes, steps as inputs from opset 10, attributes before): a ChannelSlice layer.</summary>
        private bool Slice(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            if (problems.Count > 0 || x is null) return Done(node, problems);
            if (!Sliceable(node, x, "slices")) return false;
            bool attributes = node.Attribute("starts") is not null;
            long[]? starts = attributes ? node.Ints("starts")?.ToArray() : IntsInput(node, 1, "starts", true, problems);
            long[]? ends = attributes ? node.Ints("ends")?.ToArray() : IntsInput(node, 2, "ends", true, problems);
            long[]? axes = attributes ? node.Ints("axes")?.ToArray() : IntsInput(node, 3, "axes", false, problems);
            long[]? steps = attributes ? null : IntsInput(node, 4, "steps", false, problems);
            if (problems.Count > 0) return Done(node, problems);
            if (starts is null || ends is null || starts.Length != ends.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
                return Refuse(node, $"has starts {Show(starts)}, ends {Show(ends)}, axes {Show(axes)}, steps {Show(steps)}, which ONNX requires of one length");
            axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            long start = 0, end = x.C;
            var seen = new HashSet<long>();
            for (int i = 0; i < starts.Length; i++)
            {
                long axis = axes[i] < 0 ? axes[i] + x.Rank : axes[i];
                long step = steps?[i] ?? 1;
                if (axis < 0 || axis >= x.Rank || !seen.Add(axis)) problems.Add($"has axes {NodeAttributes.List(axes)} on {x.ShapeText}");
                else if (step != 1) problems.Add($"has step {step} on axis {axis}; NetGen's slice copies a contiguous range of maps");
                else if (axis == 0)
                {
                    if (starts[i] != 0 || !(ends[i] >= int.MaxValue || (_fixedBatch is { } n && ends[i] >= n)))
                        problems.Add($"slices the batch (axis 0) from {starts[i]} to {ends[i]}; NetGen keeps every sample");
                }
                else
                {
                    long size = axis == 1 ? x.C : axis == 2 ? x.H : x.W;
                    long s = Clamp(starts[i], size), e = Clamp(ends[i], size);
                    if (axis == 1) (start, end) = (s, e);
                    else if (s != 0 || e != size)
                        problems.Add($"slices axis {axis} of {x.ShapeText} to [{s}, {e}); NetGen slices the maps (axis 1) only, keeping whole rows and columns");
                }
            }
            if (problems.Count == 0 && end <= start) problems.Add($"slices maps [{start}, {end}) of {x.ShapeText}, which is empty");
            if (problems.Count > 0) return Done(node, problems);
            if (start == 0 && end == x.C) return Alias(node);
            var spec = new ChannelSliceSpec { Kind = LayerKind.ChannelSlice, Start = (int)start, Count = (int)(end - start) };
            Output(node, NamedLayer(node, spec, LayerName(null, Module(node)), x.Reshaped((int)(end - start), x.H, x.W, x.Flat), new[] { x }));
            return true;
        }

        /// <summary>
        /// Split on axis 1 (x.chunk(n, dim=1)): sizes from input 1 (opset 13+), the split attribute (before), or equal parts
        /// (num_outputs, opset 18: ceil(C / n) each, the last smaller); each output read becomes a ChannelSlice layer NAME.splitK.
        /// </summary>
        private bool Split(OnnxNode node)
        {
            var problems = new List<string>();
            var x = Chain(node, 0, problems);
            var sizes = Input(node, 1) is null ? node.Ints("split")?.ToArray() : IntsInput(node, 1, "split", true, problems);
            if (problems.Count > 0 || x is null) return Done(node, problems);
            if (!Sliceable(node, x, "splits")) return false;
            long axis = node.Int("axis", 0);
            if (axis != 1 && axis != 1 - x.Rank) return Refuse(node, $"splits {x.ShapeText} on axis {axis}; NetGen splits the maps (axis 1) only");
            int outputs = node.Outputs.Count;
            long parts = node.Int("num_outputs", 0);
            if (sizes is null && parts > 0 && parts == outputs)
            {
                long chunk = (x.C + parts - 1) / parts;
                sizes = Enumerable.Range(0, outputs).Select(i => System.Math.Min(chunk, x.C - i * chunk)).ToArray();
            }
            else if (sizes is null && parts == 0 && outputs > 0 && x.C % outputs == 0) sizes = Enumerable.Repeat((long)(x.C / outputs), outputs).ToArray();
            if (sizes is null || sizes.Length != outputs || sizes.Any(s => s < 1) || sizes.Sum() != x.C)
                return Refuse(node, $"splits the {x.C} maps of {x.ShapeText} into {outputs} outputs of sizes {Show(sizes)}{(parts > 0 ? $" (num_outputs {parts})" : "")}; "
                    + "NetGen splits the maps into parts of at least one map that add up to them");
            if (outputs == 1) return Alias(node);
            string module = Module(node);
            int made = 0;
            for (int i = 0, start = 0; i < outputs; start += (int)sizes[i], i++)
            {
                if (node.Outputs[i].Length == 0 || !Read(node.Outputs[i])) continue;
                var spec = new ChannelSliceSpec { Kind = LayerKind.ChannelSlice, Start = start, Count = (int)sizes[i] };
                Output(node, NamedLayer(node, spec, LayerName(null, $"{module}.split{i + 1}"), x.Reshaped((int)sizes[i], x.H, x.W, x.Flat), new[] { x }), i);
                made++;
            }
            // The node read x once; each slice layer is a read.
            if (made == 0) Transfer(x);
            else _uses[x.Source] += made - 1;
            return true;
        }

        /// <summary>Maps [N,C,H,W], or units [N,D] stored as such (not flattened from maps, whose units are no maps of their own).</summary>
        private bool Sliceable(OnnxNode node, ActivationValue x, string verb)
        {
            var source = _sources[x.Source]!;
            return !x.Flat || (source.H == 1 && source.W == 1)
                || Refuse(node, $"{verb} {x.ShapeText}, flattened from maps of {source.H}x{source.W}; NetGen's slice copies a range of whole maps");
        }

        /// <summary>ONNX's Slice bounds on a dimension of <paramref name="size"/>: negative counts from the end, then clamped to [0, size].</summary>
        private static long Clamp(long v, long size) => System.Math.Max(0, System.Math.Min(size, v < 0 ? v + size : v));

        /// <summary>Whether a Reshape's first target dimension keeps the batch: N, 0 (copy), or 1 for a model exported at batch 1.</summary>
        private bool BatchFirst(long first) => first == ConstantValue.Batch || first == 0 || (first == 1 && _fixedBatch == 1);

        /// <summary>A Reshape's target with 0 (copy the input's dimension there) and one -1 resolved; null when not resolvable.</summary>
        private static long[]? Resolve(long[] target, long[] input, long sampleLength)
        {
            var dims = new long[target.Length];
            for (int i = 0; i < target.Length; i++)
            {
                if (target[i] == 0 && i >= input.Length) return null;
                dims[i] = target[i] == 0 ? input[i] : target[i];
            }
            dims[0] = ConstantValue.Batch;
            var rest = dims.Skip(1).ToArray();
            if (rest.Any(v => v < -1) || rest.Count(v => v == -1) > 1) return null;
            long known = rest.Where(v => v != -1).Aggregate(1L, (p, v) => p * v);
            if (rest.Contains(-1))
            {
                if (known <= 0 || sampleLength % known != 0) return null;
                for (int i = 1; i < dims.Length; i++)
                    if (dims[i] == -1) dims[i] = sampleLength / known;
            }
            return dims.Skip(1).Aggregate(1L, (p, v) => p * v) == sampleLength ? dims : null;
        }

        /// <summary>A view of channel_shuffle must reach its last Reshape through one reader each; otherwise refused here.</summary>
        private bool OneReader(OnnxNode node)
        {
            int readers = node.Outputs.Count > 0 && _readers.TryGetValue(node.Outputs[0], out int n) ? n : 0;
            return readers <= 1 || Refuse(node, $"has an output that {readers} nodes read; NetGen maps channel_shuffle's Reshape, Transpose, Reshape when each view has one reader");
        }

        /// <summary>An integer constant input (starts, ends, axes, steps, split), null when absent; a computed one is a problem.</summary>
        private long[]? IntsInput(OnnxNode node, int index, string role, bool required, List<string> problems)
        {
            switch (Input(node, index))
            {
                case null:
                    if (required) problems.Add($"lacks its {role}");
                    return null;
                case ConstantValue { Ints: { } ints } c when c.Dims.Length <= 1 && !ints.Contains(ConstantValue.Batch):
                    return ints;
                default:
                    problems.Add($"takes its {role} from a computed value or a non-integer constant, which NetGen cannot fold");
                    return null;
            }
        }

        /// <summary>Why a node other than Transpose or Reshape cannot read a view.</summary>
        private static string ViewText(ShuffleView view) =>
            $"channel_shuffle's view {view.ShapeText} of {view.Base.ShapeText}; NetGen maps the view only through Transpose perm [0,2,1,3,4] and the Reshape back to the maps";

        private static string Show(long[]? values) => values is null ? "(none)" : NodeAttributes.List(values);
    }
}
