namespace LedgerGrpc.Server.Tests.Hosting;

/// <summary>Tests that read process-wide metrics: run after the parallel ones, with no other server starting meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Process-wide metrics";
}
