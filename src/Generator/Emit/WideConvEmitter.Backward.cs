using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Wide convolutions, backward: bias and kernel gradients (their loops in .KernelGradient.cs), then the input gradient
    /// as a gather (or, at stride 2, a scatter).
    /// </summary>
    internal static partial class WideConvEmitter
    {
        /// <summary>Like the forward: <paramref name="real"/>'s backward computed as <paramref name="l"/>.</summary>
        private static void EmitBackward(SourceWriter w, LayerModel l, LayerModel real)
        {
            KernelText.BackwardHeader(w, real, Describe(real));
            string body = SharedMethods.Render(w, b => BackwardBody(b, l, real));
            CallShared(w, real, body, $"{ShapeName(real)}_Backward", $"Backward of a {Describe(real)}.", "bool propagate", "propagate");
            w.Close();
            w.Line();
        }

        private static void BackwardBody(SourceWriter w, LayerModel l, LayerModel real)
        {
            BackwardConstants(w, l);
            w.Line($"const int F = {l.WideFront}, D = {l.WideDeltaLength};  // F zeros before each map's wide deltas; D floats per map");
            KernelText.ActivationRefs(w, real, gradients: true);
            KernelText.ParameterRefs(w, l, $"[{l.ConnectedPairs}][{l.Kernel}][{l.Kernel}]", $"[{l.OutC}]", gradients: true);
            ConnectionsEmitter.ClearGradient(w, l);
            w.Line(l.PadOffset >= 0
                ? $"ref float source = ref At(_scratch, {l.PadOffset});  // the {(l.Pad > 0 ? "padded" : "gathered")} input Forward left here"
                : "ref float source = ref input;");
            w.Line($"ref float wideDelta = ref At(_scratch, {l.WideDeltaOffset});  // [OutC][D]: zeros except the valid positions");
            KernelText.UndoActivation(w, l);

            ConvEmitter.BiasGradient(w, l);

            w.Line("// Spread the deltas into wide rows; the discarded columns and the borders stay 0 forever (so no lane may spill");
            w.Line("// past a row: rows end with a vector overlapping the one before, rows narrower than a vector go float by float).");
            if (Im2colGradientEmitter.Uses(l)) w.Line("if (propagate)  // only the input gradient reads them");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Open("for (int oy = 0; oy < OutH; oy++)");
            w.Line("ref float from = ref Unsafe.Add(ref delta, (o * OutH + oy) * OutW);");
            w.Line("ref float to = ref Unsafe.Add(ref wideDelta, o * D + F + oy * InW);");
            w.Open("if (OutW >= V.Count)");
            w.Line("for (int x = 0; x < OutW - V.Count; x += V.Count)");
            w.Line("    V.Store(V.Load(ref Unsafe.Add(ref from, x)), ref Unsafe.Add(ref to, x));");
            w.Line("V.Store(V.Load(ref Unsafe.Add(ref from, OutW - V.Count)), ref Unsafe.Add(ref to, OutW - V.Count));");
            w.Close();
            w.Line("else");
            w.Line("    for (int x = 0; x < OutW; x++) Unsafe.Add(ref to, x) = Unsafe.Add(ref from, x);");
            w.Close();
            w.Close();

            if (Im2colGradientEmitter.Uses(l))
                Im2colGradientEmitter.Emit(w, l);
            else
            {
                w.Line("// Kernel gradient: dE/dk[c][ky][kx] = sum over q of wideDelta[o][q] * source[i][q + ky*InW + kx]; a row of");
                w.Line($"// {(l.Kernel <= MaxRowTile ? "K" : Tile.ToString())} taps shares each delta load, one accumulator per tap.");
                if (l.HasTable && l.Kernel <= MaxRowTile)
                    TableKernelGradient(w, l);
                else
                    KernelGradientByOutput(w, l);
            }

            ConnectionsEmitter.Split(w, l);
            w.Line("if (!propagate) return;");
            ConvEmitter.SourceGradient(w, l);
            if (l.Stride == 2)
            {
                ScatterInputGradient(w, l);
                ConvEmitter.CropGradient(w, l);
                return;
            }
            w.Line("// Input gradient, the lecture's full convolution as a gather over wide rows:");
            w.Line("// sourceGradient[i][p] = sum over the outputs o that i feeds, ky, kx of weight[c][ky][kx] * wideDelta[o][p - ky*InW - kx].");
            w.Line("const int P = InH * InW;");
            if (l.HasTable)
                TableGather(w, l);
            else
                BlockGather(w, l, real);
            if (real.GathersEvenPositions)
                w.Line($"{ScatterGradientMethod(w, real)}<V>(ref inputGradient, ref sourceGradient);  // the gathered input's gradient back to the even rows and columns");
            ConvEmitter.CropGradient(w, l);
        }

        /// <summary>
        /// Stride 2: the input gradient as a scatter, sourceGradient[i][2q + ky*InW + kx] += weight * wideDelta[o][q], each
        /// vector of positions written every other float (one shuffle). Discarded positions carry delta 0, so the floats
        /// they touch past a map (or the buffer, into its slack) only get 0 added.
        /// </summary>
        private static void ScatterInputGradient(SourceWriter w, LayerModel l)
        {
            w.Line("// Input gradient, the lecture's full convolution as a scatter from the wide deltas (stride 2).");
            w.Line("MemoryMarshal.CreateSpan(ref sourceGradient, InC * InH * InW).Clear();");
            w.Open("for (int o = 0; o < OutC; o++)");
            ConvEmitter.OpenConnections(w, l);
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, c * K * K);");
            w.Open("for (int tap = 0; tap < K * K; tap++)");
            w.Line("V wk = V.Create(Unsafe.Add(ref k, tap));");
            w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, i * InH * InW + tap / K * InW + tap % K);");
            w.Line("for (int q = 0; q < Q; q += V.Count)");
            w.Line("    V.StoreEven(V.MultiplyAdd(wk, V.Load(ref Unsafe.Add(ref d, q)), V.LoadEven(ref Unsafe.Add(ref g, 2 * q))), ref Unsafe.Add(ref g, 2 * q));");
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The gather under a connection table, one input map at a time (its own list of outputs).</summary>
        private static void TableGather(SourceWriter w, LayerModel l)
        {
            w.Line("Span<float> last = stackalloc float[16];  // up to one vector of any width");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, i * P);");
            w.Line("int p = 0;");
            w.Open($"for (; p <= P - {Tile} * V.Count; p += {Tile} * V.Count)");
            Gather(w, l, "V", Tile);
            w.Close();
            w.Open("for (; p <= P - V.Count; p += V.Count)");
            Gather(w, l, "V", 1);
            w.Close();
            w.Open("if (p < P)");
            w.Line("// The last P % V.Count positions: one more vector, stored through a stack buffer (the gradient has no slack).");
            Gather(w, l, "V", 1, "MemoryMarshal.GetReference(last)");
            w.Line("last[..(P - p)].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref g, p), P - p));");
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The gather without a table, in blocks of input maps x vectors of positions (tile methods, like the forward):
        /// each delta load feeds every input map of the block, each broadcast weight every vector. Single vectors keep
        /// several sums per map (split by tap) so they do not wait on one long FMA chain.
        /// </summary>
        private static void BlockGather(SourceWriter w, LayerModel l, LayerModel real)
        {
            var (maps, vectors) = Block(l.InC);
            string Call(int m, int t, string target, string pitch) =>
                $"{GatherMethod(w, l, real, m, t)}<V>(i, p, ref {target}, {pitch}, ref weight, ref wideDelta);";
            void Maps(int m, int t)
            {
                w.Line("ref float g = ref Unsafe.Add(ref sourceGradient, i * P);");
                w.Line("int p = 0;");
                w.Line($"for (; p <= P - {t} * V.Count; p += {t} * V.Count)");
                w.Line($"    {Call(m, t, "Unsafe.Add(ref g, p)", "P")}");
                if (t > 1)
                {
                    w.Line("for (; p <= P - V.Count; p += V.Count)");
                    w.Line($"    {Call(m, 1, "Unsafe.Add(ref g, p)", "P")}");
                }
                w.Open("if (p < P)");
                w.Line("// The last P % V.Count positions: through a stack buffer (a map's gradient has no slack).");
                w.Line(Call(m, 1, "MemoryMarshal.GetReference(last)", "V.Count"));
                w.Line($"for (int m = 0; m < {m}; m++)");
                w.Line("    last.Slice(m * V.Count, P - p).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref g, m * P + p), P - p));");
                w.Close();
            }
            w.Open();  // a scope of its own: i and p are loop variables elsewhere in the method
            w.Line($"Span<float> last = stackalloc float[{maps} * 16];  // one vector of any width per map of a block");
            w.Line("int i = 0;");
            w.Open($"for (; i <= InC - {maps}; i += {maps})");
            Maps(maps, vectors);
            w.Close();
            if (l.InC % maps != 0)
            {
                w.Open("for (; i < InC; i++)");
                Maps(1, WideTile);
                w.Close();
            }
            w.Close();
        }

        /// <summary>The name of an input gradient tile (see <see cref="GatherMethodText"/>), written once per text.</summary>
        private static string GatherMethod(SourceWriter w, LayerModel l, LayerModel real, int maps, int vectors)
        {
            string what = $"{vectors} vector{(vectors == 1 ? "" : "s")} of positions from p of the {(maps == 1 ? "input map i" : $"{maps} input maps from i")}";
            string text = SharedMethods.Render(w, b => GatherMethodText(b, l, maps, vectors));
            return w.Shared.Use($"{TileShapeName(l)}_{l.OutC}_InputGradientTile{maps}x{vectors}", $"Input gradient tile of a {TileShape(l)} with {l.OutC} output maps: {what}.", text, real.Name);
        }

        /// <summary>
        /// A gather tile as a method: target[m * pitch + t V.Count ..] = the input gradient of map i + m at p + t V.Count,
        /// summed over every output map o and tap. Input map i + m's kernel for output o is weight block o*InC + i + m.
        /// </summary>
        private static void GatherMethodText(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            // Independent sums per (map, vector): split by tap when there are few, so the FMA chains overlap.
            int split = !Unrolls(l, maps, vectors) ? 1 : Math.Max(1, Math.Min(l.Kernel, 8 / (maps * vectors)));
            string S(int m, int t, int j) => $"s{m}_{t}_{j}";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SharedMethods.NameToken}<V>(int i, int p, ref float target, int pitch, ref float weight, ref float wideDelta) {KernelText.Constraint}");
            w.Line($"const int InC = {l.InC}, InW = {l.PaddedW}, OutC = {l.OutC}, K = {l.Kernel};  // weight: [OutC][InC][K][K]");
            w.Line($"const int F = {l.WideFront}, D = {l.WideDeltaLength};  // F zeros before each map's wide deltas; D floats per map of wideDelta");
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(vectors * split, n => $"{S(m, n / split, n % split)} = V.Zero")) + ";");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F + p);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (o * InC + i) * K * K);  // weight block [o][i]");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float row = ref Unsafe.Subtract(ref d, ky * InW);");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            void Taps(string kx, int j)
            {
                for (int t = 0; t < vectors; t++)
                    w.Line($"V x{t} = V.Load(ref Unsafe.Add(ref row, {(t == 0 ? "" : Lanes(t) + " ")}- {kx}));");
                for (int m = 0; m < maps; m++)
                {
                    w.Line($"V w{m} = V.Create(Unsafe.Add(ref kr, {(m == 0 ? "" : $"{m} * K * K + ")}{kx}));");
                    for (int t = 0; t < vectors; t++)
                        w.Line($"{S(m, t, j)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t, j)});");
                }
            }
            if (Unrolls(l, maps, vectors))
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Open();
                    Taps(kx.ToString(), kx % split);
                    w.Close();
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                Taps("kx", 0);
                w.Close();
            }
            w.Close();
            w.Close();
            for (int m = 0; m < maps; m++)
                for (int t = 0; t < vectors; t++)
                    w.Line($"V.Store({string.Join(" + ", Range(split, j => S(m, t, j)))}, ref Unsafe.Add(ref target, {(m == 0 ? "" : $"{m} * pitch + ")}{Lanes(t)}));");
            w.Close();
        }

        /// <summary>
        /// Under a table: <paramref name="tile"/> vectors of input map i's gradient from p, over the outputs i feeds. A
        /// single vector keeps one sum per tap, so its FMA chains overlap.
        /// </summary>
        private static void Gather(SourceWriter w, LayerModel l, string lane, int tile, string? target = null)
        {
            int split = tile == 1 && l.Kernel <= MaxRowTile ? l.Kernel : 1;
            string S(int t, int j) => split == 1 ? $"s{t}" : $"s{t}_{j}";
            w.Line(string.Join(", ", Range(tile * split, n => $"{S(n / split, n % split)} = {lane}.Zero")).Insert(0, $"{lane} ") + ";");
            w.Open($"for (int e = {l.Id}ByInputStarts[i]; e < {l.Id}ByInputStarts[i + 1]; e++)");
            w.Line($"int c = {l.Id}ByInputBlocks[e], o = {l.Id}ByInputOutputs[e];");
            w.Line("ref float d = ref Unsafe.Add(ref wideDelta, o * D + F + p);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, c * K * K);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float row = ref Unsafe.Subtract(ref d, ky * InW);");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            if (l.Kernel <= MaxRowTile)
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Line($"{lane} w{kx} = {lane}.Create(Unsafe.Add(ref kr, {kx}));");
                    for (int t = 0; t < tile; t++)
                        w.Line($"{S(t, kx % split)} = {lane}.MultiplyAdd(w{kx}, {lane}.Load(ref Unsafe.Add(ref row, {(t == 0 ? "" : Lanes(t, lane) + " ")}- {kx})), {S(t, kx % split)});");
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                w.Line($"{lane} wk = {lane}.Create(Unsafe.Add(ref kr, kx));");
                w.Line("ref float at = ref Unsafe.Subtract(ref row, kx);");
                for (int t = 0; t < tile; t++)
                    w.Line($"s{t} = {lane}.MultiplyAdd(wk, {lane}.Load(ref Unsafe.Add(ref at, {Lanes(t, lane)})), s{t});");
                w.Close();
            }
            w.Close();
            w.Close();
            for (int t = 0; t < tile; t++)
                w.Line($"{lane}.Store({string.Join(" + ", Range(split, j => S(t, j)))}, ref {target ?? $"Unsafe.Add(ref g, p + {Lanes(t, lane)})"});");
        }
    }
}
