namespace LedgerGrpc.Testing;

/// <summary>Locations in the repository, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding LedgerGrpc.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The repository's protos/ folder.</summary>
    public static string Protos => Path.Combine(Root, "protos");

    /// <summary>Debian's grpc-proto folder (official interop, health and reflection protos).</summary>
    public const string SystemGrpcProtos = "/usr/share/grpc-proto";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LedgerGrpc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"LedgerGrpc.sln not found above {AppContext.BaseDirectory}.");
    }
}
