using System.Diagnostics;
using System.Text.RegularExpressions;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>`ledgergrpc serve` as an operator runs it: a separate process on a port it picks and logs.</summary>
public sealed partial class ServeProcessTests
{
    [Theory]
    [InlineData("serve", false)]
    [InlineData(null, true)] // plain `ledgergrpc` serves too, here with its address from LEDGERGRPC_URLS
    public async Task Serve_logs_its_address_and_answers_health_from_python(string? subcommand, bool urlsFromEnvironment)
    {
        using var dataDir = new TempDirectory("ledgergrpc-serve");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ledgergrpc.dll"));
        if (subcommand is not null)
        {
            info.ArgumentList.Add(subcommand);
        }

        if (urlsFromEnvironment)
        {
            info.Environment["LEDGERGRPC_URLS"] = "http://127.0.0.1:0";
        }
        else
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add("http://127.0.0.1:0");
        }

        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(dataDir.Path);

        using var process = Process.Start(info)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string? address = null;
            var seen = new List<string>();
            while (address is null && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                seen.Add(line);
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    address = match.Groups[1].Value;
                }
            }

            Assert.True(address is not null, "no listening line; output:\n" + string.Join('\n', seen) + "\n" + (process.HasExited ? await stderr : ""));
            _ = process.StandardOutput.ReadToEndAsync();

            // The process wrote its first-start admin key to the data directory.
            var lines = await PythonHealth.QueryAsync(new Uri(address!).Authority, File.ReadAllText(Path.Combine(dataDir.Path, "admin.key")).Trim());
            Assert.Equal("SERVING", lines[0]);
            Assert.Contains("grpc.health.v1.Health", lines[1].Split(' '));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"LedgerGrpc listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
