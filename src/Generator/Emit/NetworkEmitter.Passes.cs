using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>The passes: Forward and Backward through the ISA dispatch, the per-layer profile, the gradient merges.</summary>
    internal static partial class NetworkEmitter
    {
        private static void Dispatch(SourceWriter w, NetworkModel m)
        {
            void Switch(string call) => IsaDispatch.Switch(w, "ResolveIsa()", call);

            IsaDispatch.ResolveIsa(w);
            w.Line("private static void CheckLength(int actual, int expected, string name)");
            w.Line("{");
            w.Line($"    if (actual != expected) throw new ArgumentException($\"{m.ClassName} expects {{expected}} floats in {{name}}, got {{actual}}.\", name);");
            w.Line("}");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open("public void Forward(ReadOnlySpan<float> input, Span<float> output)");
            w.Line("CheckLength(input.Length, InputLength, nameof(input));");
            w.Line("CheckLength(output.Length, OutputLength, nameof(output));");
            w.Line("input.CopyTo(_activations);");
            if (m.Layers.Any(Planner.SplitsForward))
            {
                w.Open("if (_team is { } team)");
                w.Line("_teamIsa = ResolveIsa();");
                w.Line("team.Run(_forwardPart ??= ForwardPart);");
                w.Close();
                w.Open("else");
                Switch("ForwardLayers<V>()");
                w.Close();
            }
            else
            {
                Switch("ForwardLayers<V>()");
            }
            w.Line("_activations.AsSpan(OutputOffset, OutputLength).CopyTo(output);");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open("public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)");
            w.Line("CheckLength(outputGradient.Length, OutputLength, nameof(outputGradient));");
            w.Line("CheckLength(inputGradient.Length, InputLength, nameof(inputGradient));");
            w.Line("outputGradient.CopyTo(_activationGradients.AsSpan(OutputOffset, OutputLength));");
            Switch("BackwardLayers<V>(propagateToInput: true)");
            w.Line("_activationGradients.AsSpan(0, InputLength).CopyTo(inputGradient);");
            w.Close();
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open("public void Backward(ReadOnlySpan<float> outputGradient)");
            w.Line("CheckLength(outputGradient.Length, OutputLength, nameof(outputGradient));");
            w.Line("outputGradient.CopyTo(_activationGradients.AsSpan(OutputOffset, OutputLength));");
            Switch("BackwardLayers<V>(propagateToInput: false)");
            w.Close();
            w.Line();
            if (m.Layers.Any(Planner.SplitsForward))
            {
                // One list of layers for one thread and for several (the source budget): one thread is part 0 of 1.
                w.Line($"private void ForwardLayers<V>() {KernelText.Constraint} => ForwardLayerParts<V>(0, 1);");
                w.Line();
                ForwardParts(w, m);
            }
            else
            {
                w.Open($"private void ForwardLayers<V>() {KernelText.Constraint}");
                foreach (var l in m.Layers) w.Line(LayerParts.SingleCall(l));
                w.Close();
                w.Line();
            }
            w.Open($"private void BackwardLayers<V>(bool propagateToInput) {KernelText.Constraint}");
            for (int i = m.Layers.Count - 1; i >= 0; i--)
            {
                w.Line($"{m.Layers[i].Id}_Backward<V>({(i == 0 ? "propagateToInput" : "propagate: true")});");
                Merges(w, m.Layers[i], guard: i == 0);
            }
            w.Close();
            w.Line();
        }

        /// <summary>A per-layer timing breakdown, timing each layer method inside whole forward/backward passes.</summary>
        private static void Profile(SourceWriter w, NetworkModel m)
        {
            int n = m.Layers.Count;
            w.Line("/// <summary>");
            w.Line("/// Times every layer's forward and backward method over <paramref name=\"repetitions\"/> passes on <paramref name=\"input\"/>,");
            w.Line("/// on this thread and the current <see cref=\"Isa\"/>. Clears <see cref=\"Gradients\"/> afterwards.");
            w.Line("/// </summary>");
            w.Open("public NetworkProfile Profile(ReadOnlySpan<float> input, int repetitions = 1000)");
            w.Line("CheckLength(input.Length, InputLength, nameof(input));");
            w.Line("input.CopyTo(_activations);");
            w.Line($"var forward = new long[{n}];");
            w.Line($"var backward = new long[{n}];");
            w.Line("var isa = ResolveIsa();");
            IsaDispatch.Switch(w, "isa", "ProfileLayers<V>(repetitions, forward, backward)");
            w.Line("_gradients.Span.Clear();");
            w.Line("double scale = 1e6 / System.Diagnostics.Stopwatch.Frequency / Math.Max(1, repetitions);");
            w.Line("var rows = new LayerTiming[]");
            w.Open();
            for (int i = 0; i < n; i++)
                w.Line($"new(\"{m.Layers[i].Name}\", \"{LayerRooms.Of(m.Layers[i]).Label(m.Layers[i])}\", {m.Layers[i].MultiplyAdds}, forward[{i}] * scale, backward[{i}] * scale),");
            w.Close("};");
            w.Line($"return new NetworkProfile(\"{m.ClassName}\", isa, repetitions, rows);");
            w.Close();
            w.Line();
            w.Open($"private void ProfileLayers<V>(int repetitions, long[] forward, long[] backward) {KernelText.Constraint}");
            w.Open("for (int r = 0; r < repetitions; r++)");
            w.Line("long t = System.Diagnostics.Stopwatch.GetTimestamp(), next;");
            for (int i = 0; i < n; i++)
                w.Line($"{LayerParts.SingleCall(m.Layers[i])} next = System.Diagnostics.Stopwatch.GetTimestamp(); forward[{i}] += next - t; t = next;");
            w.Line("_activationGradients.AsSpan(OutputOffset, OutputLength).Fill(1f / OutputLength);");
            w.Line("t = System.Diagnostics.Stopwatch.GetTimestamp();");
            for (int i = n - 1; i >= 0; i--)
            {
                w.Line($"{m.Layers[i].Id}_Backward<V>(propagate: true);");
                Merges(w, m.Layers[i], guard: false);
                w.Line($"next = System.Diagnostics.Stopwatch.GetTimestamp(); backward[{i}] += next - t; t = next;");
            }
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>
        /// After the backward of a layer whose input other layers also read, add their gradient slots into its own:
        /// dE/dx is the sum over every reader of x.
        /// </summary>
        private static void Merges(SourceWriter w, LayerModel l, bool guard)
        {
            if (l.GradientMerges.IsEmpty) return;
            if (guard) w.Open("if (propagateToInput)");
            w.Line($"// dE/d({l.Name}'s input) also flows through its other readers: add their gradient slots.");
            foreach (int slot in l.GradientMerges)
                w.Line($"Vectors.AddScaled<V>(ref At(_activationGradients, {l.InGradOffset}), ref At(_activationGradients, {slot}), 1f, {l.InLength});");
            if (guard) w.Close();
        }
    }
}
