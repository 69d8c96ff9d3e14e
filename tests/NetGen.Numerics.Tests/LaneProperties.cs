using CsCheck;
using NetGen.Kernels;
using Xunit.Abstractions;

namespace NetGen.Numerics.Tests;

/// <summary>
/// Property tests (CsCheck) of the vector primitives the generated kernels call, on every lane type and for every
/// length up to a few vectors (so every vector body / scalar tail split occurs), against plain double loops.
/// </summary>
public class LaneProperties
{
    private static readonly Gen<float[]> Floats = Gen.Float[-4f, 4f].Array[0, 70];

    private static void Close(double expected, float actual, double scale) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * (1 + scale), $"expected {expected}, got {actual}");

    private static void ForEveryLane(Action<Func<float[], float[], float>> check, string what)
    {
        // The same property through each lane type; the arrays carry one float past n so ref x[0] exists for n = 0.
        check((a, b) => what switch
        {
            "dot" => Vectors.Dot<Scalar>(ref a[0], ref b[0], a.Length),
            "distance" => Vectors.SquaredDistance<Scalar>(ref a[0], ref b[0], a.Length),
            _ => Vectors.Sum<Scalar>(ref a[0], a.Length),
        });
        check((a, b) => what switch
        {
            "dot" => Vectors.Dot<Vec128>(ref a[0], ref b[0], a.Length),
            "distance" => Vectors.SquaredDistance<Vec128>(ref a[0], ref b[0], a.Length),
            _ => Vectors.Sum<Vec128>(ref a[0], a.Length),
        });
        check((a, b) => what switch
        {
            "dot" => Vectors.Dot<Vec256>(ref a[0], ref b[0], a.Length),
            "distance" => Vectors.SquaredDistance<Vec256>(ref a[0], ref b[0], a.Length),
            _ => Vectors.Sum<Vec256>(ref a[0], a.Length),
        });
        check((a, b) => what switch
        {
            "dot" => Vectors.Dot<Vec512>(ref a[0], ref b[0], a.Length),
            "distance" => Vectors.SquaredDistance<Vec512>(ref a[0], ref b[0], a.Length),
            _ => Vectors.Sum<Vec512>(ref a[0], a.Length),
        });
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("distance")]
    [InlineData("sum")]
    public void Reductions_match_a_plain_loop_for_every_length(string what) =>
        ForEveryLane(f => Gen.Select(Floats, Floats).Sample((a, b) =>
        {
            int n = Math.Min(a.Length, b.Length);
            var x = a[..n].Append(0f).ToArray();   // one extra float so ref x[0] exists for n = 0
            var y = b[..n].Append(0f).ToArray();
            double expected = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                double term = what switch { "dot" => (double)x[i] * y[i], "distance" => ((double)x[i] - y[i]) * (x[i] - y[i]), _ => x[i] };
                expected += term;
                scale += Math.Abs(term);
            }
            Close(expected, n == 0 ? 0f : f(x, y), scale);
        }), what);

    [Fact]
    public void Axpy_and_four_row_forms_match_plain_loops()
    {
        Gen.Select(Floats, Gen.Float[-2f, 2f], Gen.Int[0, 4]).Sample((x, c, lane) =>
        {
            int n = x.Length;
            var rows = Enumerable.Range(0, 4).Select(r => x.Select(v => v * (r + 1) - r).ToArray()).SelectMany(r => r).Append(0f).ToArray();
            var y = x.Select(v => v / 2).Append(0f).ToArray();
            var expected = y.Select((v, i) => i < n ? v + c * x[i] : v).ToArray();
            var expected4 = y.Select((v, i) => i < n ? v + Enumerable.Range(0, 4).Sum(r => (c + r) * rows[r * n + i]) : v).ToArray();
            var xs = x.Append(0f).ToArray();
            var y1 = (float[])y.Clone();
            var y4 = (float[])y.Clone();
            switch (lane)
            {
                case 0: Vectors.AddScaled<Scalar>(ref y1[0], ref xs[0], c, n); Vectors.AddScaled4<Scalar>(ref y4[0], ref rows[0], n, c, c + 1, c + 2, c + 3, n); break;
                case 3: Vectors.AddScaled<Vec128>(ref y1[0], ref xs[0], c, n); Vectors.AddScaled4<Vec128>(ref y4[0], ref rows[0], n, c, c + 1, c + 2, c + 3, n); break;
                case 1: Vectors.AddScaled<Vec256>(ref y1[0], ref xs[0], c, n); Vectors.AddScaled4<Vec256>(ref y4[0], ref rows[0], n, c, c + 1, c + 2, c + 3, n); break;
                default: Vectors.AddScaled<Vec512>(ref y1[0], ref xs[0], c, n); Vectors.AddScaled4<Vec512>(ref y4[0], ref rows[0], n, c, c + 1, c + 2, c + 3, n); break;
            }
            for (int i = 0; i <= n; i++)
            {
                Close(expected[i], y1[i], Math.Abs(expected[i]));
                Close(expected4[i], y4[i], 20 * (1 + Math.Abs(expected4[i])));
            }
        });
    }

    [Fact]
    public void Even_and_odd_lanes_round_trip_and_stride_two_stores_keep_the_odd_floats()
    {
        void Check<V>() where V : unmanaged, IVec<V>
        {
            var source = Enumerable.Range(0, 2 * V.Count).Select(i => (float)i).ToArray();
            V.LoadDeinterleaved(ref source[0], out var even, out var odd);
            var back = new float[2 * V.Count];
            V.StoreInterleaved(even, odd, ref back[0]);
            Assert.Equal(source, back);
            var evens = new float[V.Count];
            V.Store(V.LoadEven(ref source[0]), ref evens[0]);
            Assert.Equal(Enumerable.Range(0, V.Count).Select(i => (float)(2 * i)), evens);
            var target = (float[])source.Clone();
            V.StoreEven(V.Create(-1f), ref target[0]);
            for (int i = 0; i < target.Length; i++) Assert.Equal(i % 2 == 0 ? -1f : i, target[i]);
        }
        Check<Scalar>();
        Check<Vec128>();
        Check<Vec256>();
        Check<Vec512>();
    }

    /// <summary>
    /// The elementwise <paramref name="operation"/> on 16 inputs through each lane type, a vector's worth at a time:
    /// every lane of every type sees an input of its own, so a lane that computes wrong (or another lane's value) shows.
    /// </summary>
    private static IEnumerable<(string Lane, float[] Results)> OnEveryLaneType(string operation, float[] inputs)
    {
        yield return (nameof(Scalar), Map<Scalar>(operation, inputs));
        yield return (nameof(Vec128), Map<Vec128>(operation, inputs));
        yield return (nameof(Vec256), Map<Vec256>(operation, inputs));
        yield return (nameof(Vec512), Map<Vec512>(operation, inputs));
    }

    private static float[] Map<V>(string operation, float[] inputs) where V : unmanaged, IVec<V>
    {
        var results = new float[inputs.Length];
        for (int i = 0; i < inputs.Length; i += V.Count)
        {
            var x = V.Load(ref inputs[i]);
            V.Store(operation switch { "exp" => Activations.Exp(x), "tanh" => Activations.Tanh(x), _ => V.Reciprocal(x) }, ref results[i]);
        }
        return results;
    }

    [Fact]
    public void Fast_exp_is_within_a_few_ulps_of_the_math_library_on_every_lane_type()
    {
        Gen.Float[-87f, 88f].Array[16].Sample(xs =>
        {
            foreach (var (lane, results) in OnEveryLaneType("exp", xs))
                for (int i = 0; i < xs.Length; i++)
                {
                    float expected = MathF.Exp(xs[i]);
                    Assert.True(Math.Abs(results[i] - expected) <= 4e-7 * expected, $"exp({xs[i]}) on {lane} lane {i}: {results[i]} vs {expected}");
                }
        });
    }

    [Fact]
    public void Reciprocal_is_within_two_ulps_on_every_lane_type()
    {
        // The estimate-and-Newton paths when the hardware has them (Vector512 is emulated without AVX-512: then exact);
        // Scalar divides, so it is correctly rounded.
        Gen.Select(Gen.Float[1f, 2f], Gen.Int[0, 99]).Array[16].Sample(draws =>
        {
            var xs = draws.Select(d => d.Item1 * MathF.Pow(2f, d.Item2)).ToArray();  // [1, 2^100]: the activations' denominators
            foreach (var (lane, results) in OnEveryLaneType("reciprocal", xs))
                for (int i = 0; i < xs.Length; i++)
                {
                    double expected = 1.0 / xs[i], tolerance = (lane == nameof(Scalar) ? 6e-8 : 2.4e-7) * expected;
                    Assert.True(Math.Abs(results[i] - expected) <= tolerance, $"1/{xs[i]} on {lane} lane {i}: {results[i]} vs {expected}");
                }
        });
    }

    [Fact]
    public void Tanh_is_within_a_few_ulps_of_the_math_library_on_every_lane_type()
    {
        Gen.OneOf(Gen.Float[-20f, 20f], Gen.Float[-1e-3f, 1e-3f]).Array[16].Sample(us =>
        {
            foreach (var (lane, results) in OnEveryLaneType("tanh", us))
                for (int i = 0; i < us.Length; i++)
                {
                    double expected = Math.Tanh(us[i]);
                    double tolerance = 5e-7 * Math.Abs(expected) + 1e-30;  // relative everywhere, also near 0
                    Assert.True(Math.Abs(results[i] - expected) <= tolerance, $"tanh({us[i]}) on {lane} lane {i}: {results[i]} vs {expected}");
                }
        });
    }

    [Fact]
    public void Four_sums_at_once_add_each_vector_s_lane_sum_to_its_own_float()
    {
        static void Check<V>() where V : unmanaged, IVec<V>
        {
            Gen.Float[-4f, 4f].Array[4 * V.Count + 4].Sample(values =>
            {
                var lanes = values[..(4 * V.Count)];
                var into = values[(4 * V.Count)..].Append(7f).ToArray();  // a float past the four, which must stay 7
                var before = into.ToArray();
                V.AddSums4(V.Load(ref lanes[0]), V.Load(ref lanes[V.Count]), V.Load(ref lanes[2 * V.Count]), V.Load(ref lanes[3 * V.Count]), ref into[0]);
                for (int k = 0; k < 4; k++)
                {
                    double expected = before[k], scale = Math.Abs(before[k]);
                    for (int j = 0; j < V.Count; j++) { expected += lanes[k * V.Count + j]; scale += Math.Abs(lanes[k * V.Count + j]); }
                    Close(expected, into[k], scale);
                }
                Assert.Equal(7f, into[4]);
            });
        }
        Check<Scalar>();
        Check<Vec128>();
        Check<Vec256>();
        Check<Vec512>();
    }
}

/// <summary>
/// The activations' lane math (src/Runtime/Kernels/Activations*.cs) against <see cref="RefActivations"/> in double, every
/// function and derivative on every lane type, over a dense grid of [-12, 12], powers of ten down to 1e-6 of both signs,
/// the kinks and the far tails. The error is measured relative to max(1, |exact|): relative for outputs of magnitude 1
/// and above, absolute below (where PyTorch's own float formulas, 1 + erf(u/sqrt 2) for GELU say, are absolute too).
/// Output-form derivatives get the correctly rounded float output as their argument.
/// </summary>
public class ActivationLaneProperties(ITestOutputHelper log)
{
    /// <summary>
    /// Each function (f) and derivative (f'), with its bound on the error above: about twice the largest measured on the
    /// four lane types (x64, AVX2; the measurements are printed), at least 1e-7 where float rounding alone limits it.
    /// Exact ones (piecewise linear with exact slopes) get 1e-12.
    /// </summary>
    public static TheoryData<string, double> Functions() => new()
    {
        { "Gelu", 1.7e-6 }, { "Gelu'", 5e-7 }, { "GeluTanh", 4e-7 }, { "GeluTanh'", 5e-7 }, { "Silu", 4.5e-7 }, { "Silu'", 6e-7 },
        { "Mish", 3e-7 }, { "Mish'", 3.2e-7 }, { "Hardswish", 2.8e-7 }, { "Hardswish'", 1.6e-7 }, { "Hardsigmoid", 1.2e-7 },
        { "Hardsigmoid'", 1e-7 }, { "Relu6", 1e-12 }, { "Relu6'", 1e-12 }, { "Softplus", 3.2e-7 }, { "Softplus'", 1.3e-7 },
        { "Softsign", 1.6e-7 }, { "Softsign'", 1.8e-7 }, { "Elu", 1e-7 }, { "Elu'", 1e-7 }, { "Selu", 3.2e-7 }, { "Selu'", 2.2e-7 },
        { "Celu", 1.8e-7 }, { "Celu'", 1e-7 }, { "LeakyRelu", 1e-12 }, { "LeakyRelu'", 1e-12 }, { "Erf", 6e-7 }, { "Expm1", 2.3e-7 },
    };

    private static Activation Kind(string name) => Enum.Parse<Activation>(name.TrimEnd('\''));

    /// <summary>ELU's alpha 0.5 and CELU's 2 (not the defaults, so the argument is exercised); LeakyReLU's slope -0.5.</summary>
    private static float Argument(string name) => name.TrimEnd('\'') switch { "Elu" => 0.5f, "Celu" => 2f, "LeakyRelu" => -0.5f, _ => 1f };

    private static double Exact(string name, double u) => name switch
    {
        "Erf" => RefActivations.Erf(u),
        "Expm1" => u > -1e-3 && u < 1e-3 ? u + u * u / 2 + u * u * u / 6 + u * u * u * u / 24 : Math.Exp(u) - 1,
        _ when name.EndsWith('\'') => RefActivations.DF(Kind(name), u, Argument(name)),
        _ => RefActivations.F(Kind(name), u, Argument(name)),
    };

    /// <summary>Whether the derivative takes the output (the invertible functions) rather than the input.</summary>
    private static bool FromOutput(string name) => name.EndsWith('\'') && name is not ("Gelu'" or "GeluTanh'" or "Silu'" or "Mish'" or "Hardswish'" or "LeakyRelu'");

    private static V Lanes<V>(string name, V x) where V : unmanaged, IVec<V>
    {
        float a = Argument(name);
        return name switch
        {
            "Gelu" => Activations.Gelu(x), "Gelu'" => Activations.GeluInputDerivative(x),
            "GeluTanh" => Activations.GeluTanh(x), "GeluTanh'" => Activations.GeluTanhInputDerivative(x),
            "Silu" => Activations.Silu(x), "Silu'" => Activations.SiluInputDerivative(x),
            "Mish" => Activations.Mish(x), "Mish'" => Activations.MishInputDerivative(x),
            "Hardswish" => Activations.Hardswish(x), "Hardswish'" => Activations.HardswishInputDerivative(x),
            "Hardsigmoid" => Activations.Hardsigmoid(x), "Hardsigmoid'" => Activations.HardsigmoidDerivative(x),
            "Relu6" => Activations.Relu6(x), "Relu6'" => Activations.Relu6Derivative(x),
            "Softplus" => Activations.Softplus(x), "Softplus'" => Activations.SoftplusDerivative(x),
            "Softsign" => Activations.Softsign(x), "Softsign'" => Activations.SoftsignDerivative(x),
            "Elu" => Activations.Elu(x, a), "Elu'" => Activations.EluDerivative(x, a),
            "Selu" => Activations.Selu(x), "Selu'" => Activations.SeluDerivative(x),
            "Celu" => Activations.Celu(x, a), "Celu'" => Activations.CeluDerivative(x, a),
            "LeakyRelu" => Activations.LeakyRelu(x, a), "LeakyRelu'" => Activations.LeakyReluInputDerivative(x, a),
            "Erf" => Activations.Erf(x), "Expm1" => Activations.Expm1(x),
            _ => throw new ArgumentException(name),
        };
    }

    private static float[] Map<V>(string name, float[] inputs) where V : unmanaged, IVec<V>
    {
        var results = new float[inputs.Length];
        for (int i = 0; i < inputs.Length; i += V.Count) V.Store(Lanes(name, V.Load(ref inputs[i])), ref results[i]);
        return results;
    }

    /// <summary>The test points, a multiple of 16 long.</summary>
    private static float[] Points()
    {
        var points = new List<float>();
        for (int i = -24000; i <= 24000; i++) points.Add(i / 2000f);
        for (double p = 1e-6; p < 100; p *= 1.07) { points.Add((float)p); points.Add((float)-p); }
        points.AddRange([0f, 3f, -3f, 6f, 20f, 20.001f, 19.999f, 30f, 50f, 88f, 100f, -30f, -50f, -88f, -100f]);
        while (points.Count % 16 != 0) points.Add(0.5f);
        return [.. points];
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Activations_match_double_on_every_lane_type(string name, double bound)
    {
        var us = Points();
        // An output-form derivative reads f(u), correctly rounded to float.
        var arguments = FromOutput(name) ? us.Select(u => (float)RefActivations.F(Kind(name), u, Argument(name))).ToArray() : us;
        var lanes = new (string Lane, float[] Results)[]
        {
            (nameof(Scalar), Map<Scalar>(name, arguments)), (nameof(Vec128), Map<Vec128>(name, arguments)),
            (nameof(Vec256), Map<Vec256>(name, arguments)), (nameof(Vec512), Map<Vec512>(name, arguments)),
        };
        foreach (var (lane, results) in lanes)
        {
            double worst = 0;
            float worstAt = 0;
            for (int i = 0; i < us.Length; i++)
            {
                if (name == "Expm1" && us[i] > 88) continue;  // e^u overflows float there; ELU calls it for u <= 0 only
                double exact = Exact(name, us[i]), error = Math.Abs(results[i] - exact) / Math.Max(1, Math.Abs(exact));
                if (!(error <= worst)) (worst, worstAt) = (error, us[i]);
            }
            log.WriteLine($"{name} on {lane}: max error {worst:G3} at u = {worstAt:R}");
            Assert.True(worst <= bound, $"{name} on {lane}: error {worst:G3} at u = {worstAt:R} above {bound:G3}");
        }
    }
}
