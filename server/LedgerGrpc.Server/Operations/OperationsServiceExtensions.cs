namespace LedgerGrpc.Server.Operations;

/// <summary>Registers what operators run the server with: the shutdown budget (and metrics and traces).</summary>
public static class OperationsServiceExtensions
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Operations").Get<OperationsOptions>() ?? new OperationsOptions();
        builder.Services.AddSingleton(options);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        return builder;
    }
}
