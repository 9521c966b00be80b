namespace LedgerGrpc.AdminTui.Connection;

/// <summary>Where the server is and how to authenticate, as given on the command line and in the environment.</summary>
public sealed record ConnectionOptions
{
    public const string DefaultServer = "http://127.0.0.1:5100";
    public const string ApiKeyVariable = "LEDGERGRPC_API_KEY";
    public const string AdminKeyFile = "admin.key";

    public Uri Server { get; init; } = new(DefaultServer);
    public string? ApiKey { get; init; }
    public string DataDir { get; init; } = "./data";
    public string? CaFile { get; init; }
    /// <summary>Who the server records as the actor of changes (x-ledger-actor).</summary>
    public string Actor { get; init; } = "admin:" + Environment.UserName;

    /// <summary>
    /// The key to send: --api-key, else LEDGERGRPC_API_KEY, else the admin key the local server writes to
    /// &lt;data-dir&gt;/admin.key (read only when the server is on this machine, so a key never leaves it by accident).
    /// </summary>
    public static string? ResolveApiKey(string? fromCommandLine, string? fromEnvironment, Uri server, string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(fromCommandLine))
        {
            return fromCommandLine.Trim();
        }

        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        if (!server.IsLoopback)
        {
            return null;
        }

        var file = Path.Combine(dataDir, AdminKeyFile);
        try
        {
            var key = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
            return key.Length > 0 ? key : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
