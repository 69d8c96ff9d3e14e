using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Depthwise convolutions, backward, map by map: the deltas laid out wide (zero columns past OutW, zeros in front),
    /// then the bias and weight gradients as dot products of the wide deltas with the map's shifted planes, then the input
    /// gradient as the transposed depthwise convolution on the planes, interleaved back (stride 2) and cropped.
    /// </summary>
    internal static partial class DepthwiseEmitter
    {
        /// <summary>Weight-gradient accumulators per pass over the deltas: all k*k taps when they fit the registers, else a row of taps.</summary>
        private const int MaxAccumulators = 9;

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
            var g = new Layout(l);
            Constants(w, l, g);
            w.Line($"const int Front = {g.MaxOffset}, PP = {g.PlanePositions};  // zeros before the wide deltas; positions per plane gradient");
            KernelText.ActivationRefs(w, l, gradients: true);
            KernelText.ParameterRefs(w, l, $"[{l.OutC}][1][{g.K}][{g.K}]", $"[{l.OutC}]", gradients: true);
            w.Line($"ref float wideDelta = ref At(_scratch, {l.ScratchAt(WideDelta)});  // [Front + ...]: map c's deltas at Front + oy * PW + ox, zeros elsewhere");
            w.Line($"ref float planeGradients = ref At(_scratch, {l.ScratchAt(PlaneGradients)});  // [{g.S * g.S}][PP]: dE/d(planes of map c)");
            if (g.S == 2) w.Line($"ref float rowGradient = ref At(_scratch, {l.ScratchAt(RowGradient)});  // one padded row of dE/dinput");
            ScratchRefs(w, l, g);
            w.Line($"MemoryMarshal.CreateSpan(ref wideDelta, {g.DeltaLength}).Clear();");
            PlaneRefs(w, g, "planes", "p", "PL");
            PlaneRefs(w, g, "planeGradients", "dp", "PP");
            KernelText.UndoActivation(w, l);
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, Front);");
            w.Open("for (int c = 0; c < C; c++)");
            SplitMap(w, g);
            w.Line("for (int oy = 0; oy < OutH; oy++)");
            w.Line("    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref delta, (c * OutH + oy) * OutW), OutW).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref d, oy * PW), OutW));");
            WeightGradient(w, l, g);
            w.Line("if (!propagate) continue;");
            InputGradient(w, g);
            w.Close();
        }

        /// <summary>dE/dweight[c][ky][kx] += sum over q of d[q] * plane(ky, kx)[q + offset]; the bias's sum of d rides along the first pass.</summary>
        private static void WeightGradient(SourceWriter w, LayerModel l, Layout g)
        {
            int taps = g.K * g.K;
            var groups = taps <= MaxAccumulators
                ? new List<int[]> { Enumerable.Range(0, taps).ToArray() }
                : Enumerable.Range(0, g.K).Select(ky => Enumerable.Range(ky * g.K, g.K).ToArray()).ToList();
            w.Line($"// Weight gradient{(l.BiasCount > 0 ? " (and the bias's)" : "")}: dE/dweight[c][ky][kx] = sum over positions of delta[c][oy][ox] * padded[c][{g.S}*oy + ky][{g.S}*ox + kx].");
            w.Line($"ref float kg = ref Unsafe.Add(ref weightGradient, c * {taps});");
            bool first = true;
            foreach (var group in groups)
            {
                w.Open();
                bool bias = first && l.BiasCount > 0;
                w.Line($"V {string.Join(", ", group.Select(t => $"a{t} = V.Zero"))}{(bias ? ", ab = V.Zero" : "")};");
                w.Open("for (int q = 0; q < Wide; q += V.Count)");
                w.Line("V dq = V.Load(ref Unsafe.Add(ref d, q));");
                if (bias) w.Line("ab += dq;");
                foreach (int t in group)
                    w.Line($"a{t} = V.MultiplyAdd(dq, V.Load(ref Unsafe.Add(ref p{g.Plane(t / g.K, t % g.K)}, q{Plus(g.Offset(t / g.K, t % g.K))})), a{t});");
                w.Close();
                int i = 0;
                for (; i + 4 <= group.Length; i += 4)
                    w.Line($"V.AddSums4(a{group[i]}, a{group[i + 1]}, a{group[i + 2]}, a{group[i + 3]}, ref Unsafe.Add(ref kg, {group[i]}));");
                for (; i < group.Length; i++)
                    w.Line($"Unsafe.Add(ref kg, {group[i]}) += V.Sum(a{group[i]});");
                if (bias) w.Line("Unsafe.Add(ref biasGradient, c) += V.Sum(ab);");
                w.Close();
                first = false;
            }
        }

        /// <summary>
        /// dE/dplane(a, b)[r] = sum over the taps (ky, kx) of that plane of weight[c][ky][kx] * d[r - offset(ky, kx)] (the
        /// zeros in front and past OutW stand for positions no output reads), then the padded map's interior to dE/dinput.
        /// </summary>
        private static void InputGradient(SourceWriter w, Layout g)
        {
            w.Line("// Input gradient: the transposed depthwise convolution, per plane, then cropped to dE/dinput.");
            WeightRegisters(w, g);
            for (int plane = 0; plane < g.S * g.S; plane++)
            {
                var taps = Enumerable.Range(0, g.K * g.K).Where(t => g.Plane(t / g.K, t % g.K) == plane).ToList();
                w.Open("for (int r = 0; r < PP; r += V.Count)");
                w.Line("V s0 = V.Zero, s1 = V.Zero;");
                for (int i = 0; i < taps.Count; i++)
                {
                    int t = taps[i];
                    w.Line($"s{i & 1} = V.MultiplyAdd(w{t}, V.Load(ref Unsafe.Add(ref d, r{Minus(g.Offset(t / g.K, t % g.K))})), s{i & 1});");
                }
                w.Line($"V.Store(s0 + s1, ref Unsafe.Add(ref dp{plane}, r));");
                w.Close();
            }
            w.Open("for (int y = 0; y < InH; y++)");
            w.Line("Span<float> to = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref inputGradient, (c * InH + y) * InW), InW);");
            if (g.S == 1)
            {
                w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref dp0, (y + {g.P}) * PW + {g.P}), InW).CopyTo(to);");
                w.Close();
                return;
            }
            w.Line($"int py = y + {g.P};  // the padded row: interleave plane row py / 2 of its two planes, then crop");
            w.Line("ref float even = ref Unsafe.Add(ref dp0, (py & 1) * 2 * PP + (py >> 1) * PW);");
            w.Line("ref float odd = ref Unsafe.Add(ref even, PP);");
            w.Line("int x = 0;");
            w.Line("for (; x <= PW - V.Count; x += V.Count)");
            w.Line("    V.StoreInterleaved(V.Load(ref Unsafe.Add(ref even, x)), V.Load(ref Unsafe.Add(ref odd, x)), ref Unsafe.Add(ref rowGradient, 2 * x));");
            w.Open("for (; x < PW; x++)");
            w.Line("Unsafe.Add(ref rowGradient, 2 * x) = Unsafe.Add(ref even, x);");
            w.Line("Unsafe.Add(ref rowGradient, 2 * x + 1) = Unsafe.Add(ref odd, x);");
            w.Close();
            w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref rowGradient, {g.P}), InW).CopyTo(to);");
            w.Close();
        }
    }
}
