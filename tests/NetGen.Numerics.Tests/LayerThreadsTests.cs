using NetGen.Batching;
using NetGen.Samples.ModelZoo;
using NetGen.Tests.Networks;

namespace NetGen.Numerics.Tests;

/// <summary>
/// One sample's forward split across a network's Threads (issue 15 item 5): the outputs, the parameter gradients and
/// the input gradient are the same floats for 1, 2 and 3 threads on every ISA path, for networks whose layers are just
/// above the split grain (ThreadsResNet, ThreadsMobile) and for ResNet-50 itself; a warm split Forward allocates nothing.
/// (That these networks have split layers at all is checked by the compiler: Threads exists only on such networks.)
/// </summary>
public class LayerThreadsTests
{
    private static readonly Isa[] Paths = [Isa.Scalar, Isa.Vector128, Isa.Vector256, Isa.Vector512];

    /// <summary>Output, then parameter gradients, then input gradient, of one forward and backward per sample.</summary>
    private static List<float[]> Run(INetwork net, Isa isa)
    {
        net.Isa = isa;
        var results = new List<float[]>();
        for (int sample = 0; sample < 2; sample++)
        {
            var output = new float[net.OutputLength];
            var inputGradient = new float[net.InputLength];
            net.Gradients.Clear();
            net.Forward(TestNetworks.Input(net, sample), output);
            net.Backward(TestNetworks.RandomVector(net.OutputLength, seed: 200 + sample), inputGradient);
            results.Add(output);
            results.Add(net.Gradients.ToArray());
            results.Add(inputGradient);
        }
        return results;
    }

    private static void AssertSame(List<float[]> expected, List<float[]> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            int differ = Enumerable.Range(0, expected[k].Length).FirstOrDefault(i => BitConverter.SingleToInt32Bits(expected[k][i]) != BitConverter.SingleToInt32Bits(actual[k][i]), -1);
            Assert.True(differ < 0, $"{what}: result {k} (output, gradients, input gradient per sample) differs first at {differ}: {(differ < 0 ? 0 : expected[k][differ])} vs {(differ < 0 ? 0 : actual[k][differ])}");
        }
    }

    /// <summary>A fresh instance per thread count: a row a split skipped must not keep the value an earlier run left.</summary>
    private static void SameForAnyThreadCount(Func<INetwork> create, Action<INetwork, int> setThreads)
    {
        foreach (var isa in Paths)
        {
            List<float[]>? single = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var net = create();
                TestNetworks.Randomize(net, seed: 7);
                setThreads(net, threads);
                var results = Run(net, isa);
                Run(net, isa);  // a second pass: the team's threads reused
                results = Run(net, isa);
                setThreads(net, 1);
                if (single is null)
                {
                    single = results;
                    Assert.Contains(single[0], v => v != 0);  // the comparison is not between zeros
                }
                else
                {
                    AssertSame(single, results, $"{isa}, {threads} threads vs 1");
                }
            }
        }
    }

    [Fact]
    public void ResNet_like_results_are_the_same_floats_on_1_2_and_3_threads() =>
        SameForAnyThreadCount(() => new ThreadsResNet(seed: 3), (n, t) => ((ThreadsResNet)n).Threads = t);

    [Fact]
    public void MobileNet_like_results_are_the_same_floats_on_1_2_and_3_threads() =>
        SameForAnyThreadCount(() => new ThreadsMobile(seed: 3), (n, t) => ((ThreadsMobile)n).Threads = t);

    [Fact]
    public void ResNet50_outputs_are_the_same_floats_on_1_and_2_threads()
    {
        var input = TestNetworks.RandomVector(ResNet50.InputLength, seed: 5);
        var single = new float[ResNet50.OutputLength];
        var split = new float[ResNet50.OutputLength];
        new ResNet50(seed: 1).Forward(input, single);
        var net = new ResNet50(seed: 1) { Threads = 2 };
        net.Forward(input, split);
        net.Threads = 1;
        Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), split.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_warm_split_forward_allocates_nothing_on_the_calling_thread()
    {
        var net = new ThreadsResNet(seed: 3) { Threads = 2 };
        var input = TestNetworks.Input(net, 0);
        var output = new float[ThreadsResNet.OutputLength];
        for (int i = 0; i < 3; i++) net.Forward(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) net.Forward(input, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        net.Threads = 1;
    }

    [Fact]
    public void Ranges_cover_every_row_once_in_whole_units()
    {
        foreach (int count in new[] { 1, 7, 8, 33, 38, 64, 2048 })
            foreach (int unit in new[] { 1, 3, 4, 8, 64 })
                foreach (int parts in new[] { 1, 2, 3, 5 })
                {
                    int next = 0;
                    for (int part = 0; part < parts; part++)
                    {
                        var (from, to) = LayerTeam.Range(count, unit, part, parts);
                        Assert.Equal(next, from);
                        Assert.True(to >= from && to <= count);
                        Assert.True(part == parts - 1 || to % unit == 0, $"{count} rows in units of {unit}: part {part} of {parts} ends at {to}");
                        next = to;
                    }
                    Assert.Equal(count, next);
                }
    }

    [Fact]
    public void A_team_runs_every_part_and_meets_at_each_sync()
    {
        using var team = new LayerTeam(3);
        var log = new int[3, 4];
        int step = 0;
        for (int run = 0; run < 50; run++)
        {
            team.Run(part =>
            {
                for (int s = 0; s < 4; s++)
                {
                    log[part, s] = Volatile.Read(ref step);
                    team.Sync();
                    if (part == 0) Interlocked.Increment(ref step);
                    team.Sync();
                }
            });
        }
        // Every part saw the same step at each sync: none ran ahead of the barrier.
        for (int s = 0; s < 4; s++) Assert.True(log[0, s] == log[1, s] && log[1, s] == log[2, s], $"step {s}: {log[0, s]}, {log[1, s]}, {log[2, s]}");
        Assert.Equal(200, step);
    }
}
