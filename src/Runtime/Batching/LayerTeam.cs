namespace NetGen.Batching;

/// <summary>
/// The threads one network instance runs a single sample's layers with (its <c>Threads</c> property, issue 15 item 5):
/// the caller is part 0, <see cref="Parts"/> - 1 threads of its own the others. <see cref="Run"/> hands every part the
/// same body; inside it the parts meet at <see cref="Sync"/> between layers. Nothing is allocated per run, and no
/// Task or Parallel.For: a layer of ResNet-50 takes 0.1 to 3 ms, so a hand-off must cost microseconds.
/// Waiting spins briefly, then yields (the machine may be shared), and between runs the threads park on a semaphore
/// after <see cref="Crew.ParkAfter"/> spins, so an idle network does not hold a core.
/// A body must not throw: the generated layer kernels do not (lengths are checked before <see cref="Run"/>). If one does,
/// the team is broken: every later <see cref="Sync"/> returns at once, and <see cref="Run"/> rethrows the first error.
/// The threads hold only the team's <see cref="Crew"/>, never the team: a network dropped with Threads above 1 leaves its
/// team unreachable, and the team's finalizer stops the threads (generated networks are not disposable).
/// </summary>
public sealed class LayerTeam : IDisposable
{
    private readonly Crew _crew;

    public LayerTeam(int parts) => _crew = new Crew(parts);

    ~LayerTeam() => _crew.Stop(join: false);

    /// <summary>How many parts run each body, counting the caller.</summary>
    public int Parts => _crew.Parts;

    /// <summary>Runs body(0) on this thread and body(p) on part p's thread, and returns when all have finished.</summary>
    public void Run(Action<int> body) => _crew.Run(body);

    /// <summary>Waits until every part has called it as often as this one (a barrier between layers).</summary>
    public void Sync() => _crew.Sync();

    public void Dispose()
    {
        _crew.Stop(join: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/>'s share of <paramref name="count"/> rows (output maps, or
    /// rows of positions): whole units of <paramref name="unit"/> rows (a kernel's largest block, so every part walks its
    /// rows with the blocks one part would), split as evenly as units allow; the last part also takes the remainder.
    /// Which part computes a row never changes how it is computed: results are the same floats for any part count.
    /// </summary>
    public static (int From, int To) Range(int count, int unit, int part, int parts)
    {
        int units = count / unit;
        int from = (int)((long)units * part / parts) * unit;
        int to = part == parts - 1 ? count : (int)((long)units * (part + 1) / parts) * unit;
        return (from, to);
    }

    /// <summary>The threads and their shared state: what the threads reference, so that the team itself can be collected.</summary>
    private sealed class Crew
    {
        private const int ParkAfter = 20_000;

        private readonly Thread[] _threads;
        private readonly SemaphoreSlim[] _wake;
        private Action<int>? _body;
        private Exception? _error;
        private volatile bool _stopping, _broken;
        // Runs are numbered; a worker starts run n when it sees _run == n. _parked[w]: worker w waits on its semaphore.
        private int _run;
        private readonly int[] _parked;
        // The barrier: arrivals in this phase, and the phase number (a sense that flips each time all have arrived).
        private int _arrived, _phase;
        private int _finished;

        public Crew(int parts)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
            Parts = parts;
            _threads = new Thread[parts];
            _wake = new SemaphoreSlim[parts];
            _parked = new int[parts];
            for (int w = 1; w < parts; w++)
            {
                _wake[w] = new SemaphoreSlim(0);
                _threads[w] = new Thread(Loop) { IsBackground = true, Name = $"NetGen layer part {w}" };
                _threads[w].Start(w);
            }
        }

        /// <summary>How many parts run each body, counting the caller.</summary>
        public int Parts { get; }

        /// <summary>Runs body(0) on this thread and body(p) on part p's thread, and returns when all have finished.</summary>
        public void Run(Action<int> body)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_broken) throw new InvalidOperationException("A layer part failed earlier; this team is broken.", _error);
            _body = body;
            Volatile.Write(ref _finished, 0);
            Interlocked.Increment(ref _run);
            for (int w = 1; w < Parts; w++)
                if (Volatile.Read(ref _parked[w]) == 1) _wake[w].Release();
            try
            {
                body(0);
            }
            catch (Exception e)
            {
                Fail(e);
            }
            var spin = new SpinWait();
            while (Volatile.Read(ref _finished) < Parts - 1) spin.SpinOnce(sleep1Threshold: -1);
            _body = null;
            if (_error is { } error) throw new AggregateException("A layer part failed.", error);
        }

        /// <summary>Waits until every part has called it as often as this one (a barrier between layers).</summary>
        public void Sync()
        {
            if (Parts == 1 || _broken) return;
            int phase = Volatile.Read(ref _phase);
            if (Interlocked.Increment(ref _arrived) == Parts)
            {
                _arrived = 0;
                Volatile.Write(ref _phase, phase + 1);
                return;
            }
            var spin = new SpinWait();
            while (Volatile.Read(ref _phase) == phase && !_broken) spin.SpinOnce(sleep1Threshold: -1);
        }

        private void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
            _broken = true;
        }

        private void Loop(object? state)
        {
            int w = (int)state!;
            int seen = 0;
            while (true)
            {
                var spin = new SpinWait();
                for (int n = 0; Volatile.Read(ref _run) == seen && !_stopping; n++)
                {
                    if (n < ParkAfter)
                    {
                        spin.SpinOnce(sleep1Threshold: -1);
                        continue;
                    }
                    // Park: announce it, look once more (a run may have started meanwhile), then sleep until released.
                    Interlocked.Exchange(ref _parked[w], 1);  // a full fence: the look below must not pass it
                    if (Volatile.Read(ref _run) == seen && !_stopping) _wake[w].Wait();
                    Volatile.Write(ref _parked[w], 0);
                    while (_wake[w].CurrentCount > 0) _wake[w].Wait(0);  // a release that raced the look
                    n = 0;
                }
                if (_stopping) return;
                seen = Volatile.Read(ref _run);
                try
                {
                    _body!(w);
                }
                catch (Exception e)
                {
                    Fail(e);
                }
                Interlocked.Increment(ref _finished);
            }
        }

        public void Stop(bool join)
        {
            if (_stopping) return;
            _stopping = true;
            for (int w = 1; w < Parts; w++) _wake[w].Release();
            if (!join) return;   // the finalizer: the threads see _stopping and end on their own
            for (int w = 1; w < Parts; w++) _threads[w].Join();
            for (int w = 1; w < Parts; w++) _wake[w].Dispose();
        }
    }
}
