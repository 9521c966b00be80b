using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LedgerGrpc.Access.Tests.Keys;

/// <summary>
/// Counts the SQL commands EF Core runs against the SQLite files under one folder (its DiagnosticListener reports every
/// command, reads and writes alike), so a test can say "this made no SQLite command". Other tests' databases, in
/// other folders, are not counted.
/// </summary>
internal sealed class SqliteCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _folder;
    private readonly List<IDisposable> _subscriptions = [];
    private int _count;

    public SqliteCommandCounter(string folder)
    {
        _folder = Path.GetFullPath(folder);
        _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    public int Count => Volatile.Read(ref _count);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData { Command.Connection.DataSource: { } source }
            && Path.GetFullPath(source).StartsWith(_folder, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
