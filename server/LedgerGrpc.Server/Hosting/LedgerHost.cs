using LedgerGrpc.Server.Operations;
using LedgerGrpc.Server.Security;
using LedgerGrpc.Server.Services.Classification;
using LedgerGrpc.Server.Services.Ledger;
using LedgerGrpc.Server.Services.Plugins;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LedgerGrpc.Server.Hosting;

/// <summary>
/// Builds the LedgerGrpc server: Grpc.AspNetCore on Kestrel (HTTP/2), configured the usual ASP.NET
/// Core way (appsettings.json, LEDGERGRPC_ environment variables, command line), with health,
/// reflection and every area's services.
/// </summary>
public static class LedgerHost
{
    public const string DefaultUrl = "http://127.0.0.1:5100";
    public const string EnvironmentPrefix = "LEDGERGRPC_";

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--data-dir"] = "Ledger:DataDir",
        ["--urls"] = "urls",
    };

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships next to the executable; the working directory may be anywhere.
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Later sources win: LEDGERGRPC_ variables over appsettings, the command line over both.
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args, SwitchMappings);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // gRPC needs HTTP/2; on cleartext endpoints only prior-knowledge h2c can carry it.
            // A TLS endpoint may set Protocols (e.g. Http1AndHttp2) in its Kestrel:Endpoints section.
            // Every endpoint passes through here before it binds: with authentication off (benchmarks), only loopback.
            kestrel.ConfigureEndpointDefaults(listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                UnauthenticatedBenchmarkMode.EnsureLoopback(listen, builder.Configuration);
            });
        });

        builder.Services.AddLedgerGrpc(builder.Configuration);
        builder.Services.AddHostedService<ListeningAddressLogger>();
        builder.Services.AddLedgerServices(builder.Configuration);
        builder.Services.AddClassificationServices(builder.Configuration);
        builder.Services.AddLedgerSecurity(builder.Configuration);
        builder.AddOperations();

        configure?.Invoke(builder);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var app = builder.Build();
        app.UseLedgerSecurity();
        app.MapLedgerGrpcInfrastructure();
        app.MapLedgerServices();
        app.MapClassificationServices();
        app.MapPluginServices();
        app.MapOperationsServices();
        return app;
    }
}
