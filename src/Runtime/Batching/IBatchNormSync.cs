namespace NetGen.Batching;

/// <summary>
/// Lets the batch norm layers of networks that each hold one sample of a batch compute batch statistics: every sample
/// hands in its per-map partial sums and gets back the batch's totals. Exchanges happen in the same order on every
/// sample (forward: 2k for the k-th batch norm; backward: 2k + 1), so an implementation can meet them at a barrier.
/// </summary>
public interface IBatchNormSync
{
    /// <summary>Replaces <paramref name="values"/> (this sample's partial sums) with the sums over the batch.</summary>
    void Exchange(int exchange, Span<float> values);
}
