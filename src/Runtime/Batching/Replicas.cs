namespace NetGen.Batching;

/// <summary>What every data-parallel runner does with its network replicas (BatchRunner, LockstepBatchRunner, Trainer).</summary>
internal static class Replicas
{
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
        ref float t = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(target);
        ref float s = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(source);
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) Kernels.Vectors.AddScaled<Kernels.Vec256>(ref t, ref s, 1f, target.Length);
        else Kernels.Vectors.AddScaled<Kernels.Scalar>(ref t, ref s, 1f, target.Length);
    }
}
