using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>IsTrainable and InitializeParameters: each layer's weights drawn for its activation, biases 0, the dropout generator seeded.</summary>
    internal static partial class NetworkEmitter
    {
        private static void Initialize(SourceWriter w, NetworkModel m)
        {
            w.Line("/// <inheritdoc/>");
            w.Open("public bool IsTrainable(int parameterIndex)");
            foreach (var l in m.Layers.Where(l => !l.Trainable && l.ParameterCount > 0))
                w.Line($"if (parameterIndex >= {l.WeightOffset} && parameterIndex < {l.WeightOffset + l.ParameterCount}) return false;  // {l.Name}");
            w.Line("return (uint)parameterIndex < ParameterCount;");
            w.Close();
            w.Line();
            w.Line("/// <summary>Sets every parameter from <paramref name=\"seed\"/>: weights scaled to the activation, biases 0.</summary>");
            w.Open("public void InitializeParameters(int seed)");
            w.Line("var random = Initialization.CreateRandom(seed);");
            w.Line("_parameters.Span.Clear();");
            if (m.Layers.Any(l => l.Kind == LayerKind.Dropout))
                w.Line("_dropoutState = (uint)seed * 2654435761u | 1u;  // never 0, which xorshift cannot leave");
            foreach (var l in m.Layers)
            {
                string weights = $"_parameters.Span.Slice({l.WeightOffset}, {l.WeightCount})";
                switch (l.Kind)
                {
                    case LayerKind.Conv:
                    {
                        // Learned connections start as an even mix (alpha = 1/inputs), which shrinks the sum by the input
                        // count: start the weights that much larger.
                        int fanIn = l.LearnsConnections ? System.Math.Max(1, l.Kernel * l.Kernel / l.InC) : l.ConnectedPairs * l.Kernel * l.Kernel / l.OutC;
                        int fanOut = l.ConnectedPairs * l.Kernel * l.Kernel / l.InC;
                        w.Line($"Initialization.Weights({weights}, fanIn: {fanIn}, fanOut: {fanOut}, Activation.{l.Activation}, random);  // {l.Name}");
                        break;
                    }
                    case LayerKind.Dense:
                        w.Line($"Initialization.Weights({weights}, fanIn: {l.InLength}, fanOut: {l.OutC}, Activation.{l.Activation}, random);  // {l.Name}");
                        break;
                    case LayerKind.BatchNorm:
                        w.Line($"{weights}.Fill(1f);  // {l.Name}: scale 1, shift 0");
                        w.Line($"_state.AsSpan({l.StateOffset}, {l.OutC}).Clear();  // running mean 0");
                        w.Line($"_state.AsSpan({l.StateOffset + l.OutC}, {l.OutC}).Fill(1f);  // running variance 1");
                        break;
                    case LayerKind.Subsample:
                        w.Line($"{weights}.Fill({(1.0f / (l.Kernel * l.Kernel)).ToString("R", Invariant)}f);  // {l.Name}: starts as mean pooling");
                        break;
                    case LayerKind.Rbf:
                        w.Line($"Initialization.RbfCentres({weights}, classes: {l.OutC}, inputs: {l.InLength}, random);  // {l.Name}");
                        break;
                }
            }
            w.Close();
            w.Line();
        }
    }
}
