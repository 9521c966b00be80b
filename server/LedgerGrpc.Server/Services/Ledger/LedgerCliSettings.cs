using LedgerGrpc.Ledger;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>
/// Ledger settings for CLI commands that open the data directory themselves (import, seed,
/// backup): appsettings.json, then LEDGERGRPC_ environment variables (LEDGERGRPC_Ledger__DataDir),
/// then --data-dir — the same sources the server reads.
/// </summary>
public static class LedgerCliSettings
{
    public static LedgerOptions Load(string? dataDir)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("LEDGERGRPC_")
            .Build();
        var options = new LedgerOptions();
        configuration.GetSection("Ledger").Bind(options);
        if (!string.IsNullOrEmpty(dataDir))
        {
            options.DataDir = dataDir;
        }

        return options;
    }
}
