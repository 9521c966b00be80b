namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// A dedicated thread that runs plugin code while the caller waits with a budget. A call that overruns is abandoned:
/// the caller goes on (a plugin that never returns cannot stall the ledger's writer), the thread is interrupted in case
/// it is blocked and is never used again. Threads cannot be killed, so a plugin spinning forever keeps one thread
/// busy; the plugin is quarantined, so that happens at most once per load.
/// </summary>
internal sealed class PluginWorker : IDisposable
{
    private readonly ManualResetEventSlim _start = new(false);
    private readonly ManualResetEventSlim _done = new(false);
    private readonly Thread _thread;
    private Action? _work;
    private Exception? _error;
    private long _allocated;
    private volatile bool _stopping;

    public PluginWorker(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = $"plugin {name}" };
        _thread.Start();
    }

    /// <summary>True once a call overran: the thread may still be inside plugin code.</summary>
    public bool Abandoned { get; private set; }

    /// <summary>Runs <paramref name="work"/> on the worker. False when it did not finish within
    /// <paramref name="budget"/> (the worker is then abandoned).</summary>
    public bool Run(Action work, TimeSpan budget, out Exception? error, out long allocatedBytes)
    {
        _work = work;
        _error = null;
        _done.Reset();
        _start.Set();
        if (!_done.Wait(budget))
        {
            Abandoned = true;
            _stopping = true;
            // Wakes a plugin blocked in a wait or sleep; harmless for one computing.
            _thread.Interrupt();
            error = null;
            allocatedBytes = 0;
            return false;
        }

        error = _error;
        allocatedBytes = _allocated;
        _error = null;
        return true;
    }

    private void Loop()
    {
        try
        {
            while (true)
            {
                _start.Wait();
                _start.Reset();
                if (_stopping) return;
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    _work?.Invoke();
                }
                catch (Exception ex)
                {
                    _error = ex;
                }

                _allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                // Drop the reference to plugin code between calls, so an idle worker does not keep a retired plugin's
                // load context alive.
                _work = null;
                _done.Set();
                if (_stopping) return;
            }
        }
        catch (ThreadInterruptedException)
        {
            // Abandoned or stopped while waiting: the thread ends.
        }
    }

    public void Dispose()
    {
        if (Abandoned) return;
        _stopping = true;
        _start.Set();
    }
}
