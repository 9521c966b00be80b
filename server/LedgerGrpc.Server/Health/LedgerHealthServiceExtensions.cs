using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Health;

/// <summary>
/// grpc.health.v1.Health from Grpc.AspNetCore.HealthChecks, over two real checks: the database answers, and
/// classification has finished loading. Each ledger.v1 service serves only when both pass (writes re-classify, reads
/// come from classification's memory); "" is the whole server.
/// </summary>
public static class LedgerHealthServiceExtensions
{
    public const string DatabaseCheck = "ledger-database";
    public const string ClassificationCheck = "classification";

    public static readonly string[] ServiceNames =
    [
        Api.CustomerLedger.Descriptor.FullName,
        Api.Segments.Descriptor.FullName,
        Api.Rules.Descriptor.FullName,
        Api.Plugins.Descriptor.FullName,
    ];

    public static IServiceCollection AddLedgerHealth(this IServiceCollection services)
    {
        services.AddGrpcHealthChecks(options =>
            {
                options.Services.Clear();
                options.Services.Map("", _ => true);
                foreach (var name in ServiceNames)
                {
                    options.Services.Map(name, _ => true);
                }
            })
            .AddCheck<LedgerDatabaseHealthCheck>(DatabaseCheck)
            .AddCheck<ClassificationHealthCheck>(ClassificationCheck);
        return services;
    }
}
