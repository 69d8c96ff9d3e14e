namespace NetGen.Batching;

/// <summary>
/// Where the samples of a batch meet at each batch norm: every sample posts its partial sums, waits for the others,
/// and reads back the sums over the batch, added in sample order (so every sample, every run, gets the same floats).
/// </summary>
internal sealed class Rendezvous(int capacity)
{
    private readonly Barrier _barrier = new(1);
    private readonly float[][] _slots = Enumerable.Range(0, capacity).Select(_ => new float[64]).ToArray();

    /// <summary>Sets how many samples the next exchanges wait for.</summary>
    public void Reset(int samples)
    {
        int now = _barrier.ParticipantCount;
        if (samples > now) _barrier.AddParticipants(samples - now);
        else if (samples < now) _barrier.RemoveParticipants(now - samples);
    }

    /// <summary>A failed sample stops being waited for.</summary>
    public void Leave() => _barrier.RemoveParticipant();

    public void Exchange(int sample, Span<float> values)
    {
        if (_slots[sample].Length < values.Length) _slots[sample] = new float[values.Length];   // grows once per size
        values.CopyTo(_slots[sample]);
        _barrier.SignalAndWait();
        values.Clear();
        for (int s = 0; s < _barrier.ParticipantCount; s++)
        {
            var slot = _slots[s].AsSpan(0, values.Length);
            for (int i = 0; i < values.Length; i++) values[i] += slot[i];
        }
        _barrier.SignalAndWait();   // nobody posts the next exchange before everyone has read this one
    }

    /// <summary>One sample's view: the sync object its network calls.</summary>
    public sealed class Seat(Rendezvous rendezvous, int sample) : IBatchNormSync
    {
        public void Exchange(int exchange, Span<float> values) => rendezvous.Exchange(sample, values);
    }
}
