using LedgerGrpc.Classification;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Plugins;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>Registers classification (engine, write hook, sweep, Segments and Rules services) with the host.</summary>
public static class ClassificationServiceExtensions
{
    public static IServiceCollection AddClassificationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(configuration.GetSection("Classification").Get<ClassificationOptions>() ?? new ClassificationOptions());
        services.AddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<LedgerStore>().ConnectionString;
            return new WorkflowStore(() => new ClassificationDbContext(ClassificationDbContextOptions.Create(connectionString)), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ClassificationEngine>();
        services.AddSingleton(sp => sp.GetRequiredService<ClassificationEngine>().Jobs);
        services.AddPluginHost(configuration);
        services.AddSingleton<ILedgerCommitHook, LedgerClassificationHook>();
        services.AddSingleton<WorkflowManager>();
        services.AddSingleton<ManualClassification>();
        services.AddSingleton<SegmentsService>();
        services.AddSingleton<RulesService>();
        // Hosted services start before Kestrel accepts calls: memberships are loaded before the first read.
        services.AddSingleton<ClassificationStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<ClassificationStartup>());
        services.AddHostedService<SegmentSweeper>();
        return services;
    }

    public static WebApplication MapClassificationServices(this WebApplication app)
    {
        app.MapGrpcService<SegmentsService>();
        app.MapGrpcService<RulesService>();
        return app;
    }
}
