using System.Collections.Generic;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>
    /// What one layer attribute means: its attribute mapping and how it adds to the graph. Blocks (Residual, Inception)
    /// stop here: they expand into layers of other kinds. See src/Generator/README.md for the whole pipeline.
    /// </summary>
    internal abstract class AttributeRoom
    {
        public abstract LayerKind Kind { get; }
        /// <summary>The attribute's metadata name ("NetGen.ConvAttribute"), or null for kinds only blocks make.</summary>
        public abstract string? AttributeName { get; }
        /// <summary>Default names are this and the position: C1, S2, F6...</summary>
        public abstract string NamePrefix { get; }
        public virtual string DefaultName(int position) => NamePrefix + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        /// <summary>Whether nothing may follow a layer of this kind (RBF, softmax).</summary>
        public virtual bool EndsNetwork => false;

        /// <summary>The attribute mapping: the attribute's arguments as this kind's spec record.</summary>
        public abstract LayerSpec Parse(AttributeArguments arguments);

        /// <summary>Adds this attribute's layers reading <paramref name="input"/>; returns the output, or null after a diagnostic.</summary>
        public virtual Value? Expand(GraphBuilder graph, LayerSpec spec, string name, Value input) => graph.Add(spec, name, input);
    }

    /// <summary>
    /// One layer kind's room: its shape rule and counts, its parameter, state and scratch requests, its plan, its text
    /// (architecture, summary label, description), and the entries of its forward and backward emitters.
    /// </summary>
    internal abstract class LayerRoom : AttributeRoom
    {
        /// <summary>
        /// The shape rule: checks the spec against the input shape (a diagnostic per problem, then null), infers the output,
        /// counts parameters (as <see cref="Slot"/>s, unplaced), connections and multiply-adds (as LeCun counts them).
        /// </summary>
        public abstract LayerModel? Analyze(LayerSpec spec, string name, Value input, List<DiagnosticInfo> diagnostics);

        /// <summary>The plan of one layer: its kernel strategy, recorded in its payload. Runs before its scratch is placed.</summary>
        public virtual LayerModel Plan(LayerModel layer) => layer;

        /// <summary>The scratch regions the planned kernels need, in placement order.</summary>
        public virtual IEnumerable<Slot> Scratch(LayerModel layer) => System.Array.Empty<Slot>();

        /// <summary>The label of the summary table ("conv 5x5", "max pool 2x2").</summary>
        public abstract string Label(LayerModel layer);

        /// <summary>What follows "NAME kind" in the architecture line checkpoints record (hyper-parameters that change the function).</summary>
        public virtual void Architecture(StringBuilder text, LayerModel layer) { }

        /// <summary>The hyper-parameters LayerDescription carries for exporters.</summary>
        public virtual LayerFacts Facts(LayerModel layer) => LayerFacts.None;

        /// <summary>A generous bound of the characters this layer's code takes (<see cref="SourceBudget"/>), names aside.</summary>
        public virtual long SourceChars(LayerModel layer) => 14_000;

        /// <summary>Members the layer's kernels read (a connection table), written before the kernels.</summary>
        public virtual void EmitMembers(SourceWriter w, LayerModel layer) { }

        /// <summary>Lines of the constructor after InitializeParameters (a -infinity border to fill once).</summary>
        public virtual void EmitConstruction(SourceWriter w, LayerModel layer) { }

        /// <summary>Lines of InitializeParameters: the layer's starting parameters and state.</summary>
        public virtual void EmitInitialization(SourceWriter w, LayerModel layer) { }

        public abstract void EmitForward(SourceWriter w, LayerModel layer, NetworkModel network);

        public abstract void EmitBackward(SourceWriter w, LayerModel layer, NetworkModel network);
    }

    /// <summary>Hyper-parameters as the runtime's LayerDescription names them; a kind sets those it has.</summary>
    internal sealed record LayerFacts
    {
        public static readonly LayerFacts None = new();
        public int Kernel { get; init; }
        public int Stride { get; init; } = 1;
        public int Pad { get; init; }
        public int Groups { get; init; } = 1;
        public double Alpha { get; init; }
        public double Beta { get; init; }
        public double K { get; init; }
        public double Rate { get; init; }
        public double Epsilon { get; init; }
        /// <summary>LayerDescription's Pool argument as C#: a pool's full geometry ("null" for the square, floor, padding-counted pool).</summary>
        public string Pool { get; init; } = "null";
        /// <summary>
        /// A convolution window beyond Kernel/Stride/Pad (rectangular, asymmetric or dilated): kernel H, W, stride H, W,
        /// pads top, left, bottom, right, dilation H, W; empty otherwise (LayerDescription.Window).
        /// </summary>
        public EquatableArray<int> Window { get; init; } = EquatableArray<int>.Empty;
    }
}
