using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Wire;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Maps ledger.v1.CustomerLedger onto the Wire gRPC endpoint.</summary>
public static class LedgerEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapLedgerServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWireService<CustomerLedgerService>(LedgerReflection.Descriptor.Services[0]);
        return endpoints;
    }
}
