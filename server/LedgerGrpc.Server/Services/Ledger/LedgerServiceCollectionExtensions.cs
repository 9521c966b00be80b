using LedgerGrpc.Ledger;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Registers the ledger (store, writer, reader) and the CustomerLedger service.</summary>
public static class LedgerServiceCollectionExtensions
{
    public static IServiceCollection AddLedgerServices(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new LedgerOptions();
        configuration.GetSection("Ledger").Bind(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<LedgerReader>();
        services.AddSingleton<CustomerLedgerService>();
        services.AddHostedService<LedgerStartup>();
        return services;
    }
}
