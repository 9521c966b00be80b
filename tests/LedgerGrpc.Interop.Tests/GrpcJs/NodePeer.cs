using System.ComponentModel;
using System.Diagnostics;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Interop.Tests.GrpcJs;

/// <summary>
/// Runs Node.js scripts of the node/ folder beside this project, whose npm packages
/// (@grpc/grpc-js, @grpc/proto-loader) test.sh installs with `npm ci`.
/// </summary>
public static class NodePeer
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "LedgerGrpc.Interop.Tests", "node");

    public static async Task<NodeResult> RunScriptAsync(string script, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException(
                $"@grpc/grpc-js is not installed in {Folder}: run ./test.sh (it runs npm ci there) or `npm ci` in that folder.");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // grpc-js honours proxy variables; loopback tests must never go through one.
        foreach (var name in new[] { "grpc_proxy", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["no_grpc_proxy"] = "*";
        info.Environment["no_proxy"] = "*";

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("node not found: install Node.js 20 or newer with npm (./test.sh says what is missing).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new NodeResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
