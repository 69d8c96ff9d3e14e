using System.Collections.Generic;
using System.Globalization;
using System.Text;
using NetGen.Generator.Common;
using NetGen.Generator.Emit;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Layers
{
    /// <summary>[LeakyRelu(Slope = 0.01f)] as written (PyTorch's nn.LeakyReLU(negative_slope), ONNX's LeakyRelu(alpha)).</summary>
    internal sealed record LeakyReluSpec : LayerSpec
    {
        public float Slope { get; init; } = 0.01f;
    }

    internal sealed record LeakyReluLayer : LayerPayload
    {
        public required float Slope { get; init; }
    }

    /// <summary>
    /// The leaky rectifier, elementwise: y = x for x &gt; 0, else slope * x; dE/dx = dE/dy times 1 or slope. The whole room,
    /// emitter included: the example src/Generator/README.md walks through.
    /// </summary>
    internal sealed class LeakyReluRoom : LayerRoom
    {
        public override LayerKind Kind => LayerKind.LeakyRelu;
        public override string AttributeName => "NetGen.LeakyReluAttribute";
        public override string NamePrefix => "L";

        public override LayerSpec Parse(AttributeArguments a) => new LeakyReluSpec
        {
            Kind = Kind, Name = a.Name, Location = a.Location, Slope = a.Single("Slope", 0.01f),
        };

        public override LayerModel? Analyze(LayerSpec layerSpec, string name, Value input, List<DiagnosticInfo> diagnostics)
        {
            var spec = (LeakyReluSpec)layerSpec;
            // The emitted literal of a NaN or infinite slope would not compile.
            if (!Checks.CheckReal(name, "Slope", spec.Slope, -float.MaxValue, float.MaxValue, false, spec.Location, diagnostics)) return null;
            return new LayerModel
            {
                Name = name, Kind = Kind, InC = input.C, InH = input.H, InW = input.W, OutC = input.C, OutH = input.H, OutW = input.W,
                // One comparison and one multiply per unit: counted as one connection, no multiply-adds (as ReLU is not).
                Payload = new LeakyReluLayer { Slope = spec.Slope }, Connections = input.Length,
            };
        }

        public override string Label(LayerModel l) => "leaky relu " + Text(l);

        public override void Architecture(StringBuilder text, LayerModel l) => text.Append(' ').Append(Text(l));

        public override LayerFacts Facts(LayerModel l) => new() { Alpha = l.As<LeakyReluLayer>().Slope };

        private static string Text(LayerModel l) => l.As<LeakyReluLayer>().Slope.ToString("R", CultureInfo.InvariantCulture);

        private static string Literal(LayerModel l) => Text(l) + "f";

        public override void EmitForward(SourceWriter w, LayerModel l, NetworkModel network)
        {
            KernelText.ForwardHeader(w, l, $"leaky ReLU, slope {Text(l)}, over {l.OutLength} units");
            w.Line($"const int N = {l.OutLength};");
            w.Line($"const float Slope = {Literal(l)};");
            KernelText.ActivationRefs(w, l, gradients: false);
            w.Line("// output = input > 0 ? input : Slope * input");
            Elementwise(w, lane => $"{lane} x = {lane}.Load(ref Unsafe.Add(ref input, j)); {lane}.Store({lane}.SelectGreater(x, {lane}.Zero, x, x * {lane}.Create(Slope)), ref Unsafe.Add(ref output, j));");
            w.Close();
            w.Line();
        }

        public override void EmitBackward(SourceWriter w, LayerModel l, NetworkModel network)
        {
            KernelText.BackwardHeader(w, l, $"leaky ReLU, slope {Text(l)}");
            w.Line($"const int N = {l.OutLength};");
            w.Line($"const float Slope = {Literal(l)};");
            KernelText.ActivationRefs(w, l, gradients: true);
            w.Line("if (!propagate) return;");
            w.Line("// dE/dinput = delta * (input > 0 ? 1 : Slope)");
            Elementwise(w, lane => $"{lane}.Store({lane}.Load(ref Unsafe.Add(ref delta, j)) * {lane}.SelectGreater({lane}.Load(ref Unsafe.Add(ref input, j)), {lane}.Zero, {lane}.Create(1f), {lane}.Create(Slope)), ref Unsafe.Add(ref inputGradient, j));");
            w.Close();
            w.Line();
        }

        /// <summary>A loop over the N units j: vector body, scalar tail.</summary>
        private static void Elementwise(SourceWriter w, System.Func<string, string> body)
        {
            w.Line("int j = 0;");
            w.Open("for (; j <= N - V.Count; j += V.Count)");
            w.Line(body("V"));
            w.Close();
            w.Open("for (; j < N; j++)");
            w.Line(body("Scalar"));
            w.Close();
        }
    }
}
