using System.Reflection;

namespace LedgerGrpc.Server.Operations;

/// <summary>The server's version as built (informational version, e.g. "1.0.0+commit").</summary>
public static class ServerVersion
{
    public static string Current { get; } =
        typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
