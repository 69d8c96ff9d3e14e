using System.Globalization;
using NetGen.Benchmarks.Peers;

namespace NetGen.Benchmarks.Infrastructure;

/// <summary>
/// --allocations: NetGen's managed allocations per operation measured directly, outside BenchmarkDotNet: warm up, then
/// count the bytes allocated by this thread and by the whole process over many operations. BenchmarkDotNet's
/// in-process figure divides whatever the process allocated during its measured iteration (tiered compilation, the
/// runtime's own timers and workers included) by the operations in it, so a few bytes per operation there need not
/// come from the network.
/// </summary>
public static class AllocationProbe
{
    public static void Run(TextWriter log)
    {
        log.WriteLine("Managed bytes allocated per operation after warm-up (this thread / whole process):");
        foreach (int threads in new[] { 1, 2 })
            foreach (int batch in new[] { 1, 64 })
            {
                var data = new BenchData(batch, seed: 11);
                var outputs = new float[batch * 10];
                using var inference = new NetGenInference(new LeNet5Bench(seed: 1), threads);
                Measure(log, $"inference b{batch} {threads}T", () => inference.Run(data.Inputs, outputs));
                using var training = new NetGenBatchTraining(new LeNet5Bench(seed: 1), data, threads, 0.01f, 0.9f);
                Measure(log, $"training  b{batch} {threads}T", () => training.Step());
            }
    }

    private static void Measure(TextWriter log, string name, Action operation)
    {
        for (int i = 0; i < 3000; i++) operation();   // tier-up, pools, first-use caches
        Thread.Sleep(200);                             // let background compilation finish
        for (int i = 0; i < 200; i++) operation();
        const int Operations = 5000;
        long thread = GC.GetAllocatedBytesForCurrentThread(), process = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < Operations; i++) operation();
        thread = GC.GetAllocatedBytesForCurrentThread() - thread;
        process = GC.GetTotalAllocatedBytes(precise: true) - process;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {(double)thread / Operations,8:0.###} B / {(double)process / Operations,8:0.###} B   ({thread} / {process} bytes over {Operations} operations)"));
    }
}
