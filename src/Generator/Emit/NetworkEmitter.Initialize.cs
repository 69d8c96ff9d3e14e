using System.Linq;
using NetGen.Generator.Layers;
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
            if (m.Layers.Any(l => l.Payload is DropoutLayer))
                w.Line("_dropoutState = (uint)seed * 2654435761u | 1u;  // never 0, which xorshift cannot leave");
            foreach (var l in m.Layers) LayerRooms.Of(l).EmitInitialization(w, l);
            w.Close();
            w.Line();
        }
    }
}
