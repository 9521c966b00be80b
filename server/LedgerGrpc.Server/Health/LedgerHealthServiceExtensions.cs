using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Health;

/// <summary>
/// grpc.health.v1.Health from Grpc.AspNetCore.HealthChecks, over two real checks: the database answers, and
/// classification has finished loading. Classification loads in the background after a start while the ledger is
/// served (writes made meanwhile are classified when it finishes), so only ledger.v1.Segments waits for both; "" (the
/// whole server), CustomerLedger and Rules serve once the database answers (Rules calls that need the loaded ledger,
/// such as PreviewWorkflow or PublishWorkflow, answer UNAVAILABLE until then).
/// </summary>
public static class LedgerHealthServiceExtensions
{
    public const string DatabaseCheck = "ledger-database";
    public const string ClassificationCheck = "classification";

    /// <summary>Where Microsoft.Extensions.Diagnostics.HealthChecks logs each check it runs.</summary>
    public const string FrameworkCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    public static readonly string[] ServiceNames =
    [
        Api.CustomerLedger.Descriptor.FullName,
        Api.Segments.Descriptor.FullName,
        Api.Rules.Descriptor.FullName,
        Api.Plugins.Descriptor.FullName,
    ];

    public static IServiceCollection AddLedgerHealth(this IServiceCollection services)
    {
        // Singletons (AddCheck would make one per run): each remembers its last result to log changes only.
        services.AddSingleton<LedgerDatabaseHealthCheck>();
        services.AddSingleton<ClassificationHealthCheck>();
        services.AddGrpcHealthChecks(options =>
            {
                options.Services.Clear();
                options.Services.Map("", r => r.Name == DatabaseCheck);
                foreach (var name in ServiceNames)
                {
                    options.Services.Map(name, name == Api.Segments.Descriptor.FullName ? _ => true : r => r.Name == DatabaseCheck);
                }
            })
            .AddCheck<LedgerDatabaseHealthCheck>(DatabaseCheck)
            .AddCheck<ClassificationHealthCheck>(ClassificationCheck);
        // The checks log their own changes once (HealthChange); the framework's line per probe and check (an error
        // line per probe for as long as classification loads) is left out.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter(FrameworkCategory, LogLevel.None));
        return services;
    }
}
