using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using Grpc.Core;
using LedgerGrpc.Server.Identity;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>
/// ledger.v1.CustomerLedger. Writes go through the group-commit <see cref="LedgerWriter"/> and are
/// answered only once durable; reads use their own connections. This file: customers. The other
/// parts: purchases, receivables and credit, notes and data upkeep.
/// </summary>
public sealed partial class CustomerLedgerService(LedgerWriter writer, LedgerReader reader, LedgerStore store, TimeProvider clock, AuditTrail audit) : Api.CustomerLedger.CustomerLedgerBase
{
    // One per service (a singleton), so its one-backup-at-a-time gate covers every call.
    private readonly BackupFolder _backups = new(store, clock);

    public override async Task<Api.Customer> CreateCustomer(Api.CreateCustomerRequest request, ServerCallContext context)
    {
        var created = await writer.ExecuteAsync(new CreateCustomer(LedgerRequestMap.Fields(request)), context.Caller().Actor).ConfigureAwait(false);
        return LedgerProtoMap.ToProto(created);
    }

    public override async Task<Api.Customer> GetCustomer(Api.GetCustomerRequest request, ServerCallContext context) =>
        LedgerProtoMap.ToProto(request.KeyCase switch
        {
            Api.GetCustomerRequest.KeyOneofCase.Id => await reader.GetCustomerAsync(request.Id, context.CancellationToken).ConfigureAwait(false),
            Api.GetCustomerRequest.KeyOneofCase.ExternalRef => await reader.GetCustomerByExternalRefAsync(request.ExternalRef, context.CancellationToken).ConfigureAwait(false),
            _ => throw LedgerException.Invalid("key", "needs id or external_ref"),
        });

    public override async Task<Api.Customer> UpdateCustomer(Api.UpdateCustomerRequest request, ServerCallContext context)
    {
        var customer = request.Customer ?? throw LedgerException.Invalid("customer", "is required");
        var paths = request.UpdateMask?.Paths ?? [];
        var updated = await writer.ExecuteAsync(new UpdateCustomer(customer.Id, LedgerRequestMap.Fields(customer), [.. paths]), context.Caller().Actor).ConfigureAwait(false);
        return LedgerProtoMap.ToProto(updated);
    }

    public override async Task<Api.ListCustomersResponse> ListCustomers(Api.ListCustomersRequest request, ServerCallContext context)
    {
        var page = await reader.ListCustomersAsync(new CustomerQuery
        {
            Search = request.Search,
            AttributeFilters = new Dictionary<string, string>(request.AttributeFilters),
            IncludeArchived = request.IncludeArchived,
            PageSize = request.PageSize,
            PageToken = request.PageToken,
        }, context.CancellationToken).ConfigureAwait(false);
        var response = new Api.ListCustomersResponse { NextPageToken = page.NextPageToken };
        response.Customers.AddRange(page.Items.Select(LedgerProtoMap.ToProto));
        return response;
    }

    public override async Task<Api.Customer> ArchiveCustomer(Api.ArchiveCustomerRequest request, ServerCallContext context) =>
        LedgerProtoMap.ToProto(await writer.ExecuteAsync(new ArchiveCustomer(request.Id), context.Caller().Actor).ConfigureAwait(false));
}
