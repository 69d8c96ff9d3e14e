using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Wide convolutions, backward: the kernel gradients (by output map, by connection pair, under a table).</summary>
    internal static partial class WideConvEmitter
    {
        /// <summary>
        /// The kernel gradient by output map: without a table (and with unrolled taps) two output maps at a time share
        /// each input load; otherwise (a table with long kernels) one connection at a time.
        /// </summary>
        private static void KernelGradientByOutput(SourceWriter w, LayerModel l)
        {
            bool pairs = !l.HasTable && l.Kernel <= MaxRowTile;
            if (pairs)
            {
                w.Line("// Without a table, two output maps at a time also share each input load.");
                w.Open();
                w.Line("int o = 0;");
                w.Open("for (; o <= OutC - 2; o += 2)");
                w.Open("for (int i = 0; i < InC; i++)");
                w.Line("ref float d0 = ref Unsafe.Add(ref wideDelta, o * D + F);");
                w.Line("ref float d1 = ref Unsafe.Add(ref d0, D);");
                w.Line("ref float g0 = ref Unsafe.Add(ref weightGradient, (o * InC + i) * K * K);");
                w.Line("ref float g1 = ref Unsafe.Add(ref g0, InC * K * K);");
                KernelGradientPair(w, l);
                w.Close();
                w.Close();
            }
            w.Open(pairs ? "for (; o < OutC; o++)" : "for (int o = 0; o < OutC; o++)");
            ConvEmitter.OpenConnections(w, l);
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F);");
            w.Line("ref float gk = ref Unsafe.Add(ref weightGradient, c * K * K);");
            KernelGradientSingle(w, l);
            w.Close();
            w.Close();
            if (pairs) w.Close();
        }

        /// <summary>Every kernel row of one connection (d, gk, input i): a whole row of taps per delta load, or tiles of them.</summary>
        private static void KernelGradientSingle(SourceWriter w, LayerModel l)
        {
            OpenKernelRow(w);
            if (l.Kernel <= MaxRowTile)
            {
                w.Line("const int kx = 0;");
                KernelGradient(w, l, l.Kernel);
            }
            else
            {
                w.Line("int kx = 0;");
                w.Open($"for (; kx <= K - {Tile}; kx += {Tile})");
                KernelGradient(w, l, Tile);
                w.Close();
                w.Open("for (; kx < K; kx++)");
                KernelGradient(w, l, 1);
                w.Close();
            }
            w.Close();
        }

        /// <summary>Opens the loop over kernel rows ky with <c>from</c>, input map i's row ky (closed by the caller).</summary>
        private static void OpenKernelRow(SourceWriter w)
        {
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float from = ref Unsafe.Add(ref source, i * InH * InW + ky * InW);");
        }

        /// <summary>
        /// The kernel gradient under a table, by input map: two connections from the same input at a time share each
        /// input load (an odd one out goes alone).
        /// </summary>
        private static void TableKernelGradient(SourceWriter w, LayerModel l)
        {
            w.Line("// Under the table, two connections of the same input map at a time share each input load.");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line($"int e = {l.Id}ByInputStarts[i], end = {l.Id}ByInputStarts[i + 1];");
            w.Open("for (; e <= end - 2; e += 2)");
            w.Line($"ref float d0 = ref Unsafe.Add(ref wideDelta, {l.Id}ByInputOutputs[e] * D + F);");
            w.Line($"ref float d1 = ref Unsafe.Add(ref wideDelta, {l.Id}ByInputOutputs[e + 1] * D + F);");
            w.Line($"ref float g0 = ref Unsafe.Add(ref weightGradient, {l.Id}ByInputBlocks[e] * K * K);");
            w.Line($"ref float g1 = ref Unsafe.Add(ref weightGradient, {l.Id}ByInputBlocks[e + 1] * K * K);");
            KernelGradientPair(w, l);
            w.Close();
            w.Open("if (e < end)");
            w.Line($"ref float d = ref Unsafe.Add(ref wideDelta, {l.Id}ByInputOutputs[e] * D + F);");
            w.Line($"ref float gk = ref Unsafe.Add(ref weightGradient, {l.Id}ByInputBlocks[e] * K * K);");
            KernelGradientSingle(w, l);
            w.Close();
            w.Close();
        }

        /// <summary>Every kernel row of two connections from input i (d0/g0, d1/g1): one input load per tap feeds both.</summary>
        private static void KernelGradientPair(SourceWriter w, LayerModel l)
        {
            OpenKernelRow(w);
            int taps = l.Kernel;
            w.Line(string.Join(", ", Range(taps, t => $"a{t} = V.Zero, b{t} = V.Zero")).Insert(0, "V ") + ";");
            w.Open("for (int q = 0; q < Q; q += V.Count)");
            w.Line("V dq0 = V.Load(ref Unsafe.Add(ref d0, q)), dq1 = V.Load(ref Unsafe.Add(ref d1, q));");
            w.Line(l.Stride == 2 ? "ref float x = ref Unsafe.Add(ref from, 2 * q);" : "ref float x = ref Unsafe.Add(ref from, q);");
            for (int t = 0; t < taps; t++)
            {
                w.Line($"V x{t} = {KernelText.Load("V", $"Unsafe.Add(ref x, {t})", l.Stride)};");
                w.Line($"a{t} = V.MultiplyAdd(dq0, x{t}, a{t});");
                w.Line($"b{t} = V.MultiplyAdd(dq1, x{t}, b{t});");
            }
            w.Close();
            TapSums(w, "a", "g0", "ky * K", taps);
            TapSums(w, "b", "g1", "ky * K", taps);
            w.Close();
        }

        /// <summary>gradient[at + t] += the lane sum of accumulator t, four taps at a time where there are four.</summary>
        private static void TapSums(SourceWriter w, string accumulator, string gradient, string at, int taps)
        {
            int t = 0;
            for (; t + 4 <= taps; t += 4)
                w.Line($"V.AddSums4({accumulator}{t}, {accumulator}{t + 1}, {accumulator}{t + 2}, {accumulator}{t + 3}, ref Unsafe.Add(ref {gradient}, {at} + {t}));");
            for (; t < taps; t++)
                w.Line($"Unsafe.Add(ref {gradient}, {at} + {t}) += V.Sum({accumulator}{t});");
        }

        private static void KernelGradient(SourceWriter w, LayerModel l, int taps)
        {
            w.Line(string.Join(", ", Range(taps, t => $"a{t} = V.Zero")).Insert(0, "V ") + ";");
            w.Open("for (int q = 0; q < Q; q += V.Count)");
            w.Line("V dq = V.Load(ref Unsafe.Add(ref d, q));");
            w.Line(l.Stride == 2 ? "ref float x = ref Unsafe.Add(ref from, 2 * q + kx);" : "ref float x = ref Unsafe.Add(ref from, q + kx);");
            for (int t = 0; t < taps; t++)
                w.Line($"a{t} = V.MultiplyAdd(dq, {KernelText.Load("V", $"Unsafe.Add(ref x, {t})", l.Stride)}, a{t});");
            w.Close();
            TapSums(w, "a", "gk", "ky * K + kx", taps);
        }
    }
}
