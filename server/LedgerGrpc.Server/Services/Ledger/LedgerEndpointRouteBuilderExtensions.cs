namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Maps ledger.v1.CustomerLedger.</summary>
public static class LedgerEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapLedgerServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<CustomerLedgerService>();
        return endpoints;
    }
}
