namespace NetGen.Batching;

/// <summary>
/// A fixed set of threads that run one body per worker index and wait for all: the calling thread is worker 0.
/// Unlike Parallel.For it allocates nothing per run, and its threads stay warm between batches.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done;
    private Action<int>? _body;
    private Exception? _error;
    private volatile bool _stopping;

    public WorkerPool(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Workers = workers;
        _threads = new Thread[workers];
        _start = new SemaphoreSlim[workers];
        _done = new CountdownEvent(1);
        for (int w = 1; w < workers; w++)
        {
            _start[w] = new SemaphoreSlim(0);
            _threads[w] = new Thread(Loop) { IsBackground = true, Name = $"NetGen worker {w}" };
            _threads[w].Start(w);
        }
    }

    /// <summary>How many workers run each body, counting the caller.</summary>
    public int Workers { get; }

    /// <summary>Runs body(0) on this thread and body(w) on worker w, and returns when all have finished.</summary>
    public void Run(Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (Workers == 1)
        {
            body(0);
            return;
        }
        _body = body;
        _error = null;
        _done.Reset(Workers - 1);
        for (int w = 1; w < Workers; w++) _start[w].Release();
        try
        {
            body(0);
        }
        finally
        {
            _done.Wait();
            _body = null;
        }
        if (_error is { } error) throw new AggregateException("A batch worker failed.", error);
    }

    private void Loop(object? state)
    {
        int w = (int)state!;
        while (true)
        {
            _start[w].Wait();
            if (_stopping) return;
            try
            {
                _body!(w);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            finally
            {
                _done.Signal();
            }
        }
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        for (int w = 1; w < Workers; w++) _start[w].Release();
        for (int w = 1; w < Workers; w++) _threads[w].Join();
        for (int w = 1; w < Workers; w++) _start[w].Dispose();
        _done.Dispose();
    }
}
