using System.Diagnostics;

namespace LedgerGrpc.Testing;

/// <summary>
/// Runs Debian's system Python (the one python3-grpcio is installed for), a gRPC implementation
/// nobody here wrote, as the other side of a test.
/// </summary>
public static class PythonPeer
{
    public const string PythonVariable = "LEDGERGRPC_TEST_PYTHON";

    public static string Executable =>
        Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } configured ? configured : "/usr/bin/python3";

    /// <summary>Runs a script file with arguments; <paramref name="pythonPath"/> folders are prepended to PYTHONPATH.</summary>
    public static Task<PythonResult> RunScriptAsync(
        string scriptPath,
        IEnumerable<string> args,
        IEnumerable<string>? pythonPath = null,
        CancellationToken cancellationToken = default,
        string? key = null) =>
        RunAsync([scriptPath, .. args], pythonPath, cancellationToken, key);

    /// <summary>Runs source code given inline (python3 -c).</summary>
    public static Task<PythonResult> RunCodeAsync(
        string code,
        IEnumerable<string>? args = null,
        IEnumerable<string>? pythonPath = null,
        CancellationToken cancellationToken = default,
        string? key = null) =>
        RunAsync(["-c", code, .. args ?? []], pythonPath, cancellationToken, key);

    /// <summary>Starts a long-running Python process (for example a grpcio server) the caller reads from and stops.</summary>
    public static Process Start(string scriptPath, IEnumerable<string> args, IEnumerable<string>? pythonPath = null, string? key = null)
    {
        var info = CreateStartInfo([scriptPath, .. args], pythonPath, key);
        info.RedirectStandardInput = true;
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Executable}.");
    }

    private static async Task<PythonResult> RunAsync(IReadOnlyList<string> arguments, IEnumerable<string>? pythonPath, CancellationToken cancellationToken, string? key)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} not found: install Debian's python3 and python3-grpcio (run ./test.sh as root), or set {PythonVariable}.");
        }

        using var process = Process.Start(CreateStartInfo(arguments, pythonPath, key))
            ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new PythonResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Where ledger_channel.py lives (always on PYTHONPATH): channels that send LEDGERGRPC_KEY as a bearer token.</summary>
    public static string HelpersDir => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Testing", "python");

    private static ProcessStartInfo CreateStartInfo(IReadOnlyList<string> arguments, IEnumerable<string>? pythonPath, string? key)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var paths = (pythonPath ?? []).Append(HelpersDir).ToList();
        var existing = Environment.GetEnvironmentVariable("PYTHONPATH");
        info.Environment["PYTHONPATH"] = string.Join(Path.PathSeparator, string.IsNullOrEmpty(existing) ? paths : [.. paths, existing]);
        // The API key scripts send (ledger_channel.py); none: they call unauthenticated.
        if (key is null)
        {
            info.Environment.Remove("LEDGERGRPC_KEY");
        }
        else
        {
            info.Environment["LEDGERGRPC_KEY"] = key;
        }

        // Unbuffered output: a test waiting for a line from a long-running peer must see it at once.
        info.Environment["PYTHONUNBUFFERED"] = "1";
        // grpcio honours proxy variables; loopback tests must never go through one.
        info.Environment["no_proxy"] = "*";
        info.Environment.Remove("http_proxy");
        info.Environment.Remove("https_proxy");
        info.Environment.Remove("HTTP_PROXY");
        info.Environment.Remove("HTTPS_PROXY");
        return info;
    }
}
