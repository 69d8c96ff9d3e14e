using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Pointwise convolutions, backward: bias and weight gradients, then the input gradient as the transposed product.</summary>
    internal static partial class PointwiseConvEmitter
    {
        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            KernelText.BackwardHeader(w, l, Describe(l));
            string body = SharedMethods.Render(w, b => BackwardBody(b, l));
            SharedMethods.Call(w, l.Name, body, $"{ShapeName(l)}_Backward", $"Backward of a {Describe(l)}.", "bool propagate", "propagate");
            w.Close();
            w.Line();
        }

        private static void BackwardBody(SourceWriter w, LayerModel l)
        {
            w.Line($"const int InC = {l.InC}, OutC = {l.OutC}, P = {l.OutH * l.OutW};  // P positions per map");
            KernelText.ActivationRefs(w, l, gradients: true);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][{l.InC}][1][1]", $"[{l.OutC}]", gradients: true);
            KernelText.UndoActivation(w, l);

            if (l.BiasCount > 0)
            {
                w.Line("// Bias gradient: the sum of each map's deltas.");
                w.Line("for (int o = 0; o < OutC; o++)");
                w.Line("    Unsafe.Add(ref biasGradient, o) += Vectors.Sum<V>(ref Unsafe.Add(ref delta, o * P), P);");
            }

            w.Line("// Weight gradient: dE/dweight[o][i] += sum over p of delta[o][p] * input[i][p], in blocks of");
            w.Line($"// {GradientMaps} output x {GradientInputs} input maps (a smaller block for the last ones).");
            w.Open();
            int positions = l.OutH * l.OutW, panel = Panel(l.InC + GradientMaps, positions, GradientBudget);
            if (panel < positions)
            {
                w.Line($"// Panels of {panel} positions: the input's {l.InC} x {panel} slice stays in the second-level cache while every");
                w.Line("// block of output maps reads it (one reduction per tile and panel).");
                w.Open($"for (int p0 = 0; p0 < P; p0 += {panel})");
                w.Line($"int end = Math.Min(P, p0 + {panel});");
            }
            else
            {
                w.Line("const int p0 = 0, end = P;");
            }
            w.Line("int o = 0;");
            w.Open($"for (; o <= OutC - {GradientMaps}; o += {GradientMaps})");
            GradientInputsLoop(w, l, GradientMaps);
            w.Close();
            if (l.OutC % GradientMaps != 0)
            {
                w.Open();
                GradientInputsLoop(w, l, l.OutC % GradientMaps);
                w.Close();
            }
            if (panel < positions) w.Close();
            w.Close();

            w.Line("if (!propagate) return;");
            w.Line("// Input gradient: inputGradient[i][p] = sum over o of weight[o][i] * delta[o][p], the transposed product.");
            Loops(w, new Product(l, Forward: false, Norm: false), "InC", "ref delta, ref weight, ref inputGradient");
        }

        /// <summary>Bytes of the input's slice (and the deltas beside it) the weight gradient keeps in the second-level cache.</summary>
        private const int GradientBudget = 256 * 1024;

        /// <summary>The weight gradient tiles of <paramref name="maps"/> output maps from o, over every input map.</summary>
        private static void GradientInputsLoop(SourceWriter w, LayerModel l, int maps)
        {
            w.Line("int i = 0;");
            w.Line($"for (; i <= InC - {GradientInputs}; i += {GradientInputs})");
            w.Line($"    {GradientTileMethod(w, l, maps, GradientInputs)}<V>(o, i, p0, end, ref delta, ref input, ref weightGradient);");
            if (l.InC % GradientInputs != 0)
                w.Line($"{GradientTileMethod(w, l, maps, l.InC % GradientInputs)}<V>(o, i, p0, end, ref delta, ref input, ref weightGradient);");
        }
    }
}
