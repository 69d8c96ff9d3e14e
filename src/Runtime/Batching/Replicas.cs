using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Batching;

/// <summary>What every data-parallel runner does with its network replicas (BatchRunner and its lockstep pass).</summary>
internal static class Replicas
{
    /// <summary>A replica from the factory, checked to be the primary's architecture.</summary>
    public static INetwork Create(INetwork primary, Func<INetwork> factory)
    {
        var replica = factory();
        if (replica.Architecture != primary.Architecture || replica.ParameterCount != primary.ParameterCount)
            throw new ArgumentException($"The factory made '{replica.Architecture}', the primary is '{primary.Architecture}'.", "replicaFactory");
        return replica;
    }

    /// <summary>A replica takes the primary's parameters, state (batch norm statistics) and settings before each use.</summary>
    public static void Follow(INetwork primary, INetwork replica)
    {
        primary.Parameters.CopyTo(replica.Parameters);
        primary.State.CopyTo(replica.State);
        replica.Isa = primary.Isa;
        replica.Training = primary.Training;
    }

    /// <summary>
    /// target += source, the reduction of replica gradients (a fused 1*x + y is exactly x + y, so the sum does not depend
    /// on the vector width).
    /// </summary>
    public static void Add(Span<float> target, ReadOnlySpan<float> source)
    {
        if (source.Length != target.Length)
            throw new ArgumentException($"Gradient lengths differ: {target.Length} and {source.Length}.");
        ref float t = ref MemoryMarshal.GetReference(target);
        ref float s = ref MemoryMarshal.GetReference(source);
        if (Vector256.IsHardwareAccelerated) Kernels.Vectors.AddScaled<Kernels.Vec256>(ref t, ref s, 1f, target.Length);
        else if (Vector128.IsHardwareAccelerated) Kernels.Vectors.AddScaled<Kernels.Vec128>(ref t, ref s, 1f, target.Length);
        else Kernels.Vectors.AddScaled<Kernels.Scalar>(ref t, ref s, 1f, target.Length);
    }

    /// <summary>
    /// Dropout masks by sample, not by worker: the primary's generator state at the start of a batch (<paramref name="batchState"/>,
    /// 0 without dropout) and the sample's index give its network's state, so any thread count draws the same masks.
    /// </summary>
    public static void SeedDropout(INetwork net, uint batchState, int sample)
    {
        if (batchState != 0) net.DropoutState = (uint)Data.SplitMix.Seed(batchState, sample);
    }

    /// <summary>After a batch of <paramref name="count"/> samples: the primary's state moves on, so the next batch draws new masks.</summary>
    public static void AdvanceDropout(INetwork primary, uint batchState, int count)
    {
        if (batchState != 0) primary.DropoutState = (uint)Data.SplitMix.Seed(batchState, count, 1);
    }

    /// <summary>
    /// The chunk reduction's step, one pass over both: <c>sum += chunk</c> (or <c>sum = chunk</c> when
    /// <paramref name="first"/>), then <c>chunk = 0</c>, ready for the worker's next chunk. Element-wise, so exact
    /// whatever the vector width.
    /// </summary>
    public static void Drain(Span<float> sum, Span<float> chunk, bool first)
    {
        if (sum.Length != chunk.Length)
            throw new ArgumentException($"Gradient lengths differ: {sum.Length} and {chunk.Length}.");
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float s = ref MemoryMarshal.GetReference(sum);
            ref float c = ref MemoryMarshal.GetReference(chunk);
            int width = Vector256<float>.Count;
            for (; i <= sum.Length - width; i += width)
            {
                var g = Vector256.LoadUnsafe(ref c, (nuint)i);
                if (!first) g += Vector256.LoadUnsafe(ref s, (nuint)i);
                g.StoreUnsafe(ref s, (nuint)i);
                Vector256<float>.Zero.StoreUnsafe(ref c, (nuint)i);
            }
        }
        for (; i < sum.Length; i++)
        {
            sum[i] = first ? chunk[i] : sum[i] + chunk[i];
            chunk[i] = 0;
        }
    }
}
