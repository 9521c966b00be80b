using System.Diagnostics;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>
/// A Python grpcio server implementing grpc.testing.TestService (interop_server.py) on a loopback
/// port the OS chooses. Stops when disposed (its stdin closes).
/// </summary>
public sealed class PythonInteropServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly Task<string> _stderr;
    private readonly Task _stdout;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<(string Line, TaskCompletionSource Seen)> _waiters = [];

    private PythonInteropServer(Process process, TempDirectory directory, int port, bool tls)
    {
        _process = process;
        _directory = directory;
        _stderr = process.StandardError.ReadToEndAsync();
        _stdout = ReadLinesAsync();
        Address = $"{(tls ? "https" : "http")}://127.0.0.1:{port}";
    }

    public string Address { get; }

    /// <summary>Completes when the server has printed <paramref name="line"/> (e.g. "CANCELLED id").</summary>
    public Task WaitForLineAsync(string line)
    {
        lock (_lock)
        {
            if (_lines.Contains(line))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((line, seen));
            return seen.Task;
        }
    }

    private async Task ReadLinesAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                _lines.Add(line);
                foreach (var waiter in _waiters.Where(w => w.Line == line))
                {
                    waiter.Seen.TrySetResult();
                }
            }
        }

        lock (_lock)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Seen.TrySetException(new InvalidOperationException($"The Python interop server exited without printing '{waiter.Line}'."));
            }
        }
    }

    /// <param name="tlsCertificate">PEM certificate and key files: serve TLS with them.</param>
    /// <param name="maxConcurrentStreams">The HTTP/2 stream limit per connection the server announces.</param>
    public static async Task<PythonInteropServer> StartAsync((string CertPem, string KeyPem)? tlsCertificate = null, int? maxConcurrentStreams = null)
    {
        var directory = new TempDirectory("wire-client-interop");
        try
        {
            ProtocPython.Generate(directory.Path, "grpc/testing/messages.proto", "grpc/testing/empty.proto");
            var args = new List<string>();
            if (tlsCertificate is { } tls)
            {
                args.AddRange(["--tls", tls.CertPem, tls.KeyPem]);
            }

            if (maxConcurrentStreams is { } limit)
            {
                args.AddRange(["--max-concurrent-streams", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            var script = Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Wire.Tests", "Client", "interop_server.py");
            var process = PythonPeer.Start(script, args, [directory.Path]);
            var line = await process.StandardOutput.ReadLineAsync();
            if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
            {
                var error = await process.StandardError.ReadToEndAsync();
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"The Python interop server did not start: {line}\n{error}");
            }

            return new PythonInteropServer(process, directory, int.Parse(line[5..], System.Globalization.CultureInfo.InvariantCulture), tlsCertificate is not null);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync();
            await _stderr;
            await _stdout;
        }
        finally
        {
            _process.Dispose();
            _directory.Dispose();
        }
    }
}
