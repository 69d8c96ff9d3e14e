using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Wide convolutions, forward: the register tiles (one method per distinct text) and their blocks of sums.</summary>
    internal static partial class WideConvEmitter
    {
        /// <summary>The name of a forward register tile (o, q) -> the weighted sums stored in wide, written once per text.</summary>
        private static string TileMethod(SourceWriter w, LayerModel l, LayerModel real, int maps, int vectors)
        {
            string what = maps == 1
                ? $"{vectors} vector{(vectors == 1 ? "" : "s")} of positions from q of map o"
                : $"{vectors} vector{(vectors == 1 ? "" : "s")} of positions from q of the {maps} maps from o";
            string text = SharedMethods.Render(w, b => TileMethodText(b, l, maps, vectors));
            string name = l.HasTable ? $"{l.Id}_ForwardTile{maps}x{vectors}" : $"{TileShapeName(l)}_ForwardTile{maps}x{vectors}";
            return w.Shared.Use(name, $"Forward tile of a {TileShape(l)}: {what}.", text, real.Name);
        }

        /// <summary>One forward register tile as a method of its own (see the class comment: the JIT needs it so).</summary>
        private static void TileMethodText(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            string input = l.SplitsPhases ? "phases" : "source";
            string bias = l.BiasCount > 0 ? "ref float bias, " : "";
            w.Line("[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SharedMethods.NameToken}<V>(int o, int q, ref float {input}, ref float weight, {bias}ref float wide) {KernelText.Constraint}");
            if (l.SplitsPhases)
                w.Line($"const int InC = {l.InC}, PH = {l.PhaseH}, PW = {l.PhaseW}, K = {l.Kernel}, Q = {l.PhaseWidePositions};  // phases: [2][2][InC][PH][PW]");
            else
                w.Line($"const int {(l.HasTable ? "" : $"InC = {l.InC}, ")}InH = {l.PaddedH}, InW = {l.PaddedW}, K = {l.Kernel}, Q = {l.WidePositions};  // weight: [{(l.HasTable ? "connection" : "OutC][InC")}][K][K], wide: [OutC][Q]");
            if (l.HasTable)
            {
                w.Line(l.BiasCount > 0 ? "V b = V.Create(Unsafe.Add(ref bias, o));" : "V b = V.Zero;");
                Accumulate(w, l, vectors);
            }
            else
            {
                AccumulateBlock(w, l, maps, vectors);
            }
            w.Close();
        }

        /// <summary>The sums of <paramref name="tile"/> vectors of positions starting at q, stored (activated later).</summary>
        private static void Accumulate(SourceWriter w, LayerModel l, int tile)
        {
            bool unrolled = Unrolls(l, 1, tile);
            int split = tile == 1 && unrolled ? l.Kernel : 1;  // a single vector: one sum per tap, so the chains overlap
            string S(int t, int j) => split == 1 ? $"s{t}" : $"s{t}_{j}";
            w.Line(string.Join(", ", Range(tile * split, n => $"{S(n / split, n % split)} = {(n % split == 0 ? "b" : "V.Zero")}")).Insert(0, "V ") + ";");
            ConvEmitter.OpenConnections(w, l);
            w.Line(l.Stride == 2
                ? "ref float from = ref Unsafe.Add(ref source, i * InH * InW + 2 * q);  // stride 2: position q reads the input at 2q"
                : "ref float from = ref Unsafe.Add(ref source, i * InH * InW + q);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, c * K * K);");
            w.Open("for (int ky = 0; ky < K; ky++)");
            w.Line("ref float row = ref Unsafe.Add(ref from, ky * InW);");
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            if (unrolled)
            {
                // The kernel row, unrolled: constant offsets, no loop counter between the FMAs.
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Line($"V w{kx} = V.Create(Unsafe.Add(ref kr, {kx}));");
                    for (int t = 0; t < tile; t++)
                        w.Line($"{S(t, kx % split)} = V.MultiplyAdd(w{kx}, {KernelText.Load("V", $"Unsafe.Add(ref row, {kx}{(t == 0 ? "" : " + " + Step(l) + Lanes(t))})", l.Stride)}, {S(t, kx % split)});");
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                w.Line("V wk = V.Create(Unsafe.Add(ref kr, kx));");
                w.Line("ref float at = ref Unsafe.Add(ref row, kx);");
                for (int t = 0; t < tile; t++)
                    w.Line($"s{t} = V.MultiplyAdd(wk, {KernelText.Load("V", $"Unsafe.Add(ref at, {Step(l)}{Lanes(t)})", l.Stride)}, s{t});");
                w.Close();
            }
            w.Close();
            w.Close();
            for (int t = 0; t < tile; t++)
                w.Line($"V.Store({string.Join(" + ", Range(split, j => S(t, j)))}, ref Unsafe.Add(ref wide, o * Q + q + {Lanes(t)}));");
        }

        /// <summary>
        /// Without a table: <paramref name="vectors"/> vectors of positions from q for <paramref name="maps"/> output maps
        /// from o, sums s{map}_{vector}. Each input load feeds every map's sum, each broadcast weight every vector's; map
        /// m's weights are InC*K*K floats after map m-1's.
        /// </summary>
        private static void AccumulateBlock(SourceWriter w, LayerModel l, int maps, int vectors)
        {
            // Parity planes (stride 2, see LayerModel.SplitsPhases): tap (ky, kx) reads plane (ky%2, kx%2) at row ky/2 and
            // column kx/2 from q, contiguous like a stride-1 tap.
            bool phases = l.SplitsPhases;
            string S(int m, int t) => $"s{m}_{t}";
            for (int m = 0; m < maps; m++)
                w.Line("V " + string.Join(", ", Range(vectors, t => $"{S(m, t)} = " + (l.BiasCount > 0 ? $"V.Create(Unsafe.Add(ref bias, o{Plus(m)}))" : "V.Zero"))) + ";");
            w.Open("for (int i = 0; i < InC; i++)");
            if (!phases)
                w.Line(l.Stride == 2
                    ? "ref float from = ref Unsafe.Add(ref source, i * InH * InW + 2 * q);  // stride 2: position q reads the input at 2q"
                    : "ref float from = ref Unsafe.Add(ref source, i * InH * InW + q);");
            w.Line("ref float k = ref Unsafe.Add(ref weight, (o * InC + i) * K * K);  // weight block [o][i]");
            w.Open("for (int ky = 0; ky < K; ky++)");
            if (phases)
            {
                w.Line("ref float even = ref Unsafe.Add(ref phases, ((ky & 1) * 2 * InC + i) * PH * PW + (ky >> 1) * PW + q);  // even input columns");
                w.Line("ref float odd = ref Unsafe.Add(ref even, InC * PH * PW);                                            // odd input columns");
            }
            else
            {
                w.Line("ref float row = ref Unsafe.Add(ref from, ky * InW);");
            }
            w.Line("ref float kr = ref Unsafe.Add(ref k, ky * K);");
            // The load of vector t of tap kx: from the row (stride 1 or 2), or from the tap's parity plane.
            void Taps(string kx, Func<int, string> load)
            {
                for (int t = 0; t < vectors; t++)
                    w.Line($"V x{t} = {load(t)};");
                for (int m = 0; m < maps; m++)
                {
                    w.Line($"V w{m} = V.Create(Unsafe.Add(ref kr, {(m == 0 ? "" : $"{m} * InC * K * K + ")}{kx}));");
                    for (int t = 0; t < vectors; t++)
                        w.Line($"{S(m, t)} = V.MultiplyAdd(w{m}, x{t}, {S(m, t)});");
                }
            }
            string RowLoad(string kx, int t) =>
                KernelText.Load("V", $"Unsafe.Add(ref row, {kx}{(t == 0 ? "" : " + " + Step(l) + Lanes(t))})", l.Stride);
            string PlaneLoad(string plane, string column, int t) =>
                $"V.Load(ref Unsafe.Add(ref {plane}, {column}{(t == 0 ? "" : " + " + Lanes(t))}))";
            if (Unrolls(phases ? l with { Stride = 1 } : l, maps, vectors))
            {
                for (int kx = 0; kx < l.Kernel; kx++)
                {
                    w.Open();  // a scope per tap: x and w names reused
                    int tap = kx;
                    Taps(kx.ToString(), phases ? t => PlaneLoad(tap % 2 == 0 ? "even" : "odd", (tap / 2).ToString(), t) : t => RowLoad(tap.ToString(), t));
                    w.Close();
                }
            }
            else
            {
                w.Open("for (int kx = 0; kx < K; kx++)");
                if (phases) w.Line("ref float at = ref Unsafe.Add(ref (kx & 1) == 0 ? ref even : ref odd, kx >> 1);");
                Taps("kx", phases ? t => PlaneLoad("at", "0", t) : t => RowLoad("kx", t));
                w.Close();
            }
            w.Close();
            w.Close();
            for (int m = 0; m < maps; m++)
                for (int t = 0; t < vectors; t++)
                    w.Line($"V.Store({S(m, t)}, ref Unsafe.Add(ref wide, (o{Plus(m)}) * Q + q + {Lanes(t)}));");
        }
    }
}
