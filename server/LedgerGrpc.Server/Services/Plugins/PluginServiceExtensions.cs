using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Ledger;

namespace LedgerGrpc.Server.Services.Plugins;

/// <summary>Registers the plugin host (configuration section "Plugins") and the ledger.v1.Plugins service.</summary>
public static class PluginServiceExtensions
{
    public static IServiceCollection AddPluginHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var options = configuration.GetSection("Plugins").Get<PluginOptions>() ?? new PluginOptions();
            if (string.IsNullOrWhiteSpace(options.Directory))
            {
                options.Directory = Path.Combine(sp.GetRequiredService<LedgerStore>().Options.DataDir, "plugins");
            }

            // Plugins run with full trust: outside Development only approved builds load unless configured otherwise.
            options.RequireApproval ??= !sp.GetRequiredService<IHostEnvironment>().IsDevelopment();
            return options;
        });
        services.AddSingleton<PluginHost>();
        return services;
    }

    public static WebApplication MapPluginServices(this WebApplication app)
    {
        app.MapGrpcService<PluginsService>();
        return app;
    }
}
