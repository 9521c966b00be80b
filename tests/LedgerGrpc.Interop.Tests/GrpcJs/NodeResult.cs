namespace LedgerGrpc.Interop.Tests.GrpcJs;

/// <summary>What a Node.js peer printed and how it exited.</summary>
public sealed record NodeResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
