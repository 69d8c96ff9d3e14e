using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Pieces every layer emitter shares: method headers, buffer refs, column loops, activations.</summary>
    internal static class KernelText
    {
        public const string Constraint = "where V : unmanaged, IVec<V>";

        public static string Shape(int c, int h, int w) => $"{c}@{h}x{w}";

        public static void ForwardHeader(SourceWriter w, LayerModel l, string what)
        {
            w.Line($"/// <summary>{l.Name} forward: {what}.</summary>");
            w.Open($"private void {l.Id}_Forward<V>({LayerParts.ParametersOf(l)}) {Constraint}");
        }

        public static void BackwardHeader(SourceWriter w, LayerModel l, string what)
        {
            w.Line($"/// <summary>{l.Name} backward: {what}. Adds parameter gradients; when <paramref name=\"propagate\"/>, writes dE/dinput.</summary>");
            w.Open($"private void {l.Id}_Backward<V>(bool propagate) {Constraint}");
        }

        /// <summary>The input and output activations of the layer, and their gradient twins.</summary>
        public static void ActivationRefs(SourceWriter w, LayerModel l, bool gradients)
        {
            w.Line($"ref float input = ref At(_activations, {l.InOffset});{Pad(l.InOffset)}   // [{l.InC}][{l.InH}][{l.InW}]");
            w.Line($"ref float output = ref At(_activations, {l.OutOffset});{Pad(l.OutOffset)}  // [{l.OutC}][{l.OutH}][{l.OutW}]");
            if (!gradients) return;
            w.Line($"ref float inputGradient = ref At(_activationGradients, {l.InGradOffset});{Pad(l.InGradOffset)}   // dE/dinput");
            w.Line($"ref float delta = ref At(_activationGradients, {l.OutOffset});{Pad(l.OutOffset)}  // dE/doutput on entry, dE/du once the activation is undone");
        }

        private static string Pad(int offset) => new string(' ', Math.Max(0, 6 - offset.ToString().Length));

        public static void ParameterRefs(SourceWriter w, LayerModel l, string weightShape, string biasShape, bool gradients)
        {
            if (l.LearnsConnections)
                w.Line($"ref float weight = ref At(_scratch, {ConnectionsEmitter.EffectiveWeights(l)});  // {weightShape}: alpha * the weights, made by {l.Id}_MixConnections");
            else if (l.WeightCount > 0) w.Line($"ref float weight = ref At(_parameters, {l.WeightOffset});  // {weightShape}");
            if (l.BiasCount > 0) w.Line($"ref float bias = ref At(_parameters, {l.BiasOffset});  // {biasShape}");
            if (!gradients) return;
            if (l.LearnsConnections)
                w.Line($"ref float weightGradient = ref At(_scratch, {ConnectionsEmitter.EffectiveWeights(l) + l.WeightCount});  // dE/d(effective weights), split by {l.Id}_SplitConnectionGradient");
            else if (l.WeightCount > 0) w.Line($"ref float weightGradient = ref At(_gradients, {l.WeightOffset});");
            if (l.BiasCount > 0) w.Line($"ref float biasGradient = ref At(_gradients, {l.BiasOffset});");
        }

        /// <summary>
        /// A loop over the output columns <c>ox</c>: a vector body covering V.Count columns per step, then a
        /// scalar tail. The body is written once per lane type (<c>V</c>, then <c>Scalar</c>).
        /// </summary>
        public static void Columns(SourceWriter w, string width, Action<string> body)
        {
            VectorBody(w, width, body);
            w.Line($"// Scalar tail: the last {width} % V.Count columns.");
            w.Open($"for (; ox < {width}; ox++)");
            body("Scalar");
            w.Close();
        }

        /// <summary>
        /// <see cref="Columns"/> for a body that is a pure function of ox storing only at ox (recomputing a column is
        /// harmless), run over rows in increasing order: the tail is one more vector, overlapping the last one (rows at
        /// least a vector wide) or, in a narrower row, storing lanes past the row into the next rows, which are written
        /// after. Only rows where <paramref name="spillFits"/> is false (the stores would leave the tensor), or layers
        /// whose lanes would read further past their input than the buffers' slack, keep the scalar tail.
        /// </summary>
        public static void RowColumns(SourceWriter w, string width, string spillFits, int readPastRow, Action<string> body)
        {
            const int MaxLanes = 16;  // the widest vector
            VectorBody(w, width, body);
            w.Open($"if (ox < {width} && {width} >= V.Count)");
            w.Line($"ox = {width} - V.Count;  // the last vector, overlapping the one before");
            body("V");
            w.Close();
            if (readPastRow + MaxLanes <= NetworkModel.LeastSlack)
            {
                w.Open($"else if (ox < {width} && {spillFits})");
                w.Line($"// A row narrower than a vector: lanes past {width} land in the next row, written next.");
                body("V");
                w.Close();
            }
            w.Open($"else");
            w.Line($"for (; ox < {width}; ox++)");
            w.Open();
            body("Scalar");
            w.Close();
            w.Close();
        }

        /// <summary>The columns ox in whole vectors: <c>ox</c> is left at the first column not done.</summary>
        private static void VectorBody(SourceWriter w, string width, Action<string> body)
        {
            w.Line("int ox = 0;");
            w.Line("// Vector body: V.Count neighbouring output columns at once.");
            w.Open($"for (; ox <= {width} - V.Count; ox += V.Count)");
            body("V");
            w.Close();
        }

        /// <summary>
        /// A loop over the <paramref name="count"/> units j of an elementwise layer: vector body, scalar tail, the body
        /// written once per lane type (<c>V</c>, then <c>Scalar</c>).
        /// </summary>
        public static void Elementwise(SourceWriter w, string count, Func<string, string> body)
        {
            w.Line("int j = 0;");
            w.Open($"for (; j <= {count} - V.Count; j += V.Count)");
            w.Line(body("V"));
            w.Close();
            w.Open($"for (; j < {count}; j++)");
            w.Line(body("Scalar"));
            w.Close();
        }

        /// <summary>Loads lanes at <paramref name="place"/> (an lvalue), <paramref name="stride"/> floats apart.</summary>
        public static string Load(string lane, string place, int stride) => stride switch
        {
            1 => $"{lane}.Load(ref {place})",
            2 => $"{lane}.LoadEven(ref {place})",   // one shuffle instead of Count scalar reads
            _ => $"{lane}.LoadStrided(ref {place}, {stride})",
        };

        public static string Store(string lane, string value, string place, int stride) => stride switch
        {
            1 => $"{lane}.Store({value}, ref {place});",
            2 => $"{lane}.StoreEven({value}, ref {place});",
            _ => $"{lane}.StoreStrided({value}, ref {place}, {stride});",
        };

        /// <summary>f(u) for the activation, as an expression over lanes.</summary>
        public static string Activate(ActivationKind activation, string u) => activation switch
        {
            ActivationKind.Identity => u,
            _ => $"Activations.{activation}({u})",
        };

        /// <summary>
        /// output = f(output) over the whole output as one flat run (vector body, scalar tail): layers whose rows are
        /// narrow store their weighted sums first, so the activation never runs in a scalar row tail.
        /// </summary>
        public static void ActivateInPlace(SourceWriter w, LayerModel l)
        {
            if (l.Activation == ActivationKind.Identity) return;
            w.Line($"// output = {l.Activation}(output), over all {l.OutLength} outputs at once.");
            w.Line("int j = 0;");
            w.Open($"for (; j <= {l.OutLength} - V.Count; j += V.Count)");
            w.Line($"V.Store(Activations.{l.Activation}(V.Load(ref Unsafe.Add(ref output, j))), ref Unsafe.Add(ref output, j));");
            w.Close();
            w.Open($"for (; j < {l.OutLength}; j++)");
            w.Line($"Unsafe.Add(ref output, j) = Activations.{l.Activation}(new Scalar(Unsafe.Add(ref output, j))).Value;");
            w.Close();
        }

        /// <summary>delta *= f'(output) over the whole output, turning dE/dx into dE/du. Nothing for identity.</summary>
        public static void UndoActivation(SourceWriter w, LayerModel l)
        {
            if (l.Activation == ActivationKind.Identity) return;
            w.Line($"// dE/du = dE/dx * f'(x) with f = {l.Activation}, f' written in terms of the output x.");
            w.Line("int j = 0;");
            w.Open($"for (; j <= {l.OutLength} - V.Count; j += V.Count)");
            w.Line($"V.Store(V.Load(ref Unsafe.Add(ref delta, j)) * Activations.{l.Activation}Derivative(V.Load(ref Unsafe.Add(ref output, j))), ref Unsafe.Add(ref delta, j));");
            w.Close();
            w.Open($"for (; j < {l.OutLength}; j++)");
            w.Line($"Unsafe.Add(ref delta, j) *= Activations.{l.Activation}Derivative(new Scalar(Unsafe.Add(ref output, j))).Value;");
            w.Close();
        }

        /// <summary>
        /// The parity split of stride-2 kernels: row's even columns to even[0..PW) and its odd columns to odd[0..PW)
        /// (refs row, even, odd and the constant PW in scope).
        /// </summary>
        public static void SplitRowByParity(SourceWriter w)
        {
            w.Line("int x = 0;");
            w.Open("for (; x <= PW - V.Count; x += V.Count)");
            w.Line("V.LoadDeinterleaved(ref Unsafe.Add(ref row, 2 * x), out var e, out var o);");
            w.Line("V.Store(e, ref Unsafe.Add(ref even, x));");
            w.Line("V.Store(o, ref Unsafe.Add(ref odd, x));");
            w.Close();
            w.Open("for (; x < PW; x++)");
            w.Line("Unsafe.Add(ref even, x) = Unsafe.Add(ref row, 2 * x);");
            w.Line("Unsafe.Add(ref odd, x) = Unsafe.Add(ref row, 2 * x + 1);");
            w.Close();
        }
    }
}
