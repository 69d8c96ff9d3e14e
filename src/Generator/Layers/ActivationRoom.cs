using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[Activation(Activation.Gelu)], [Activation(Activation.Elu, Alpha = 0.5f)] or [LeakyRelu(Slope = 0.2f)] as written.</summary>
    internal sealed record ActivationSpec : LayerSpec
    {
        /// <summary>The Activation argument as written (checked by the room; the fused Activation of LayerSpec stays 0).</summary>
        public int Function { get; init; }
        /// <summary>The Slope and Alpha arguments, null when left out.</summary>
        public float? Slope { get; init; }
        public float? Alpha { get; init; }
    }

    internal sealed record ActivationLayer : LayerPayload
    {
        public required ActivationKind Function { get; init; }
        /// <summary>LeakyRelu's slope, Elu's and Celu's alpha, Prelu's starting slope; 0 for the others.</summary>
        public float Argument { get; init; }
    }

    /// <summary>
    /// A standalone activation, elementwise, with PyTorch's semantics (src/Runtime/Kernels/Activations*.cs). Two kinds
    /// share this room: <see cref="LayerKind.Activation"/> ([Activation(...)]; the function is the layer's
    /// <see cref="LayerModel.Activation"/>, so exporters read it there) and <see cref="LayerKind.LeakyRelu"/> ([LeakyRelu],
    /// sugar for Activation.LeakyRelu that keeps its own layer type and architecture text, so its checkpoints still load).
    /// <para>
    /// The backward rule. A layer's fused activation is undone from its OUTPUT (no pre-activation is stored), which needs
    /// f' as a function of f: true of the monotonic activations (ELU, SELU, CELU, Softplus, Softsign, ReLU6, Hardsigmoid,
    /// LeakyReLU with its positive default slope). GELU, SiLU, Mish and Hardswish are not monotonic, so their derivative
    /// is not a function of their output: written in a layer's fused position they become that layer with Identity
    /// followed by this standalone layer (<see cref="SplitsOff"/>, named <see cref="SplitName"/>), whose backward reads its
    /// input, the previous layer's kept output. This layer reads its output for the invertible functions too (the same
    /// derivative code as the fused path) and its input for the others, LeakyRelu (any slope) and Prelu.
    /// </para>
    /// </summary>
    internal sealed class ActivationRoom(LayerKind kind) : LayerRoom
    {
        public override LayerKind Kind => kind;
        public override string AttributeName => kind == LayerKind.LeakyRelu ? "NetGen.LeakyReluAttribute" : "NetGen.ActivationAttribute";
        public override string NamePrefix => kind == LayerKind.LeakyRelu ? "L" : "A";

        /// <summary>The largest Activation value (Prelu).</summary>
        public const int LastFunction = (int)ActivationKind.Prelu;

        /// <summary>Whether f' must be computed from the input u: f is not a function of its output's derivative.</summary>
        public static bool ReadsInput(ActivationKind f) =>
            f is ActivationKind.Gelu or ActivationKind.GeluTanh or ActivationKind.Silu or ActivationKind.Mish or ActivationKind.Hardswish;

        /// <summary>Whether a fused activation becomes a layer of its own after the one that names it (see the class comment).</summary>
        public static bool SplitsOff(int fused) => fused > 0 && fused <= LastFunction && ReadsInput((ActivationKind)fused);

        /// <summary>The name of the split-off activation layer of <paramref name="layer"/>: "C1" gives "C1_gelu".</summary>
        public static string SplitName(string layer, int fused) => layer + "_" + ((ActivationKind)fused).ToString().ToLowerInvariant();

        /// <summary>The standalone activation that follows a layer whose fused activation splits off.</summary>
        public static ActivationSpec Split(LayerSpec fusedIn) => new()
        {
            Kind = LayerKind.Activation, Location = fusedIn.Location, Function = fusedIn.Activation,
        };

        /// <summary>
        /// The fused position's rule: a known function other than Prelu (a parameter needs its own layer). NG0018 for an
        /// unknown value, NG0029 for Prelu.
        /// </summary>
        public static bool CheckFused(string name, int fused, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            if (fused < 0 || fused > LastFunction)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEnumValue, at, name, fused, "Activation"));
                return false;
            }
            if (fused != (int)ActivationKind.Prelu) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ValueOutOfRange, at, name, "the fused activation",
                "one without parameters (write [Activation(Activation.Prelu)] after the layer)", "Prelu"));
            return false;
        }

        public override LayerSpec Parse(AttributeArguments a) => new ActivationSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location,
            Function = kind == LayerKind.LeakyRelu ? (int)ActivationKind.LeakyRelu : a.Int(0, 0),
            // [LeakyRelu]'s Slope defaults to 0.01 in the attribute itself, so a NaN written there is checked (NG0029).
            Slope = kind == LayerKind.LeakyRelu ? a.Single("Slope", 0.01f) : Given(a, "Slope"),
            Alpha = kind == LayerKind.LeakyRelu ? null : Given(a, "Alpha"),
        };

        /// <summary>A float argument of [Activation] as written, null when left out or NaN (the attribute's "left out").</summary>
        private static float? Given(AttributeArguments a, string name)
        {
            float value = a.Single(name, float.NaN);
            return float.IsNaN(value) ? null : value;
        }

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (ActivationSpec)layerSpec;
            if (spec.Function < 0 || spec.Function > LastFunction)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEnumValue, spec.Location, name, spec.Function, "Activation"));
                return null;
            }
            var f = (ActivationKind)spec.Function;
            if (f == ActivationKind.Identity)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ValueOutOfRange, spec.Location, name, "Function", "an activation other than Identity", "Identity"));
                return null;
            }
            bool slopes = f is ActivationKind.LeakyRelu or ActivationKind.Prelu, alphas = f is ActivationKind.Elu or ActivationKind.Celu;
            if (!Applies(name, "Slope", spec.Slope, slopes, f, "LeakyRelu and Prelu", spec.Location, diagnostics)
                || !Applies(name, "Alpha", spec.Alpha, alphas, f, "Elu and Celu", spec.Location, diagnostics)) return null;
            // The emitted literals of a NaN or infinite argument would not compile; alpha > 0 keeps ELU and CELU invertible.
            if (spec.Slope is { } slope && !Checks.CheckReal(name, "Slope", slope, -float.MaxValue, float.MaxValue, false, spec.Location, diagnostics)) return null;
            if (spec.Alpha is { } alpha && !Checks.CheckReal(name, "Alpha", alpha, 0, float.MaxValue, true, spec.Location, diagnostics)) return null;
            float argument = f switch
            {
                ActivationKind.LeakyRelu => spec.Slope ?? 0.01f,
                ActivationKind.Prelu => spec.Slope ?? 0.25f,
                ActivationKind.Elu or ActivationKind.Celu => spec.Alpha ?? 1f,
                _ => 0f,
            };
            return new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = input.H, OutW = input.W,
                // [LeakyRelu] keeps Identity here (its architecture text and layer type are its own).
                Activation = Kind == LayerKind.LeakyRelu ? ActivationKind.Identity : f,
                Payload = new ActivationLayer { Function = f, Argument = argument },
                Parameters = f == ActivationKind.Prelu ? new[] { Slot.Tensor(Slot.Weight, input.C) }.ToEquatableArray() : EquatableArray<Slot>.Empty,
                // One function evaluation per unit: counted as one connection, no multiply-adds (as ReLU is not).
                Connections = input.Length,
            };
        }

        /// <summary>An argument the function does not take is a mistake (NG0070), not silently ignored.</summary>
        private static bool Applies(string name, string argument, float? value, bool takes, ActivationKind f, string takers, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            if (value is null || takes) return true;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotTaken, at, name, argument,
                value.Value.ToString("R", CultureInfo.InvariantCulture), f, takers));
            return false;
        }

        private static ActivationLayer Of(LayerModel l) => l.As<ActivationLayer>();

        public override string Label(LayerModel l) => Kind == LayerKind.LeakyRelu ? "leaky relu " + Text(l) : ActivationEmitter.Describe(Of(l));

        /// <summary>[LeakyRelu]'s slope, as before; an [Activation]'s named argument when it has one ("alpha 0.5"; the function follows).</summary>
        public override void Architecture(StringBuilder text, LayerModel l)
        {
            if (Kind == LayerKind.LeakyRelu) text.Append(' ').Append(Text(l));
            else if (ActivationEmitter.HasArgument(Of(l).Function)) text.Append(' ').Append(ActivationEmitter.ArgumentName(Of(l).Function).ToLowerInvariant()).Append(' ').Append(Text(l));
        }

        public override LayerFacts Facts(LayerModel l) => new() { Alpha = Of(l).Argument };

        private static string Text(LayerModel l) => Of(l).Argument.ToString("R", CultureInfo.InvariantCulture);

        public override long SourceChars(LayerModel l) => 4_000;

        public override void EmitInitialization(SourceWriter w, LayerModel l)
        {
            if (Of(l).Function == ActivationKind.Prelu)
                w.Line($"_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount}).Fill({Text(l)}f);  // {l.Name}: every slope starts at {Text(l)}");
        }

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network) => ActivationEmitter.EmitForward(w, l, Of(l));

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network) => ActivationEmitter.EmitBackward(w, l, Of(l));
    }
}
