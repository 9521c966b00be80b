using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using Grpc.Core;
using LedgerGrpc.Server.Identity;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Receivables and credit: invoices, payments, write-offs, aging, credit limits.</summary>
public sealed partial class CustomerLedgerService
{
    public override async Task<Api.Invoice> IssueInvoice(Api.IssueInvoiceRequest request, ServerCallContext context) =>
        LedgerProtoMap.ToProto(await writer.ExecuteAsync(LedgerRequestMap.Invoice(request), context.Caller().Actor).ConfigureAwait(false));

    public override async Task<Api.Payment> RecordPayment(Api.RecordPaymentRequest request, ServerCallContext context) =>
        LedgerProtoMap.ToProto(await writer.ExecuteAsync(LedgerRequestMap.Payment(request), context.Caller().Actor).ConfigureAwait(false));

    public override async Task<Api.Invoice> WriteOffInvoice(Api.WriteOffInvoiceRequest request, ServerCallContext context) =>
        LedgerProtoMap.ToProto(await writer.ExecuteAsync(LedgerRequestMap.WriteOff(request), context.Caller().Actor).ConfigureAwait(false));

    public override async Task<Api.ListInvoicesResponse> ListInvoices(Api.ListInvoicesRequest request, ServerCallContext context)
    {
        var page = await reader.ListInvoicesAsync(request.CustomerId, request.OpenOnly, request.PageSize, request.PageToken, context.CancellationToken).ConfigureAwait(false);
        var response = new Api.ListInvoicesResponse { NextPageToken = page.NextPageToken };
        response.Invoices.AddRange(page.Items.Select(LedgerProtoMap.ToProto));
        return response;
    }

    public override async Task<Api.Receivables> GetReceivables(Api.GetReceivablesRequest request, ServerCallContext context)
    {
        var asOf = LedgerProtoMap.ToOptionalDate(request.AsOf, "as_of");
        return LedgerProtoMap.ToProto(await reader.GetReceivablesAsync(request.CustomerId, asOf, context.CancellationToken).ConfigureAwait(false));
    }

    public override async Task<Api.Credit> SetCreditLimit(Api.SetCreditLimitRequest request, ServerCallContext context)
    {
        var command = new SetCreditLimit { CustomerId = request.CustomerId, LimitMinor = request.LimitMinor, Currency = request.Currency };
        return LedgerProtoMap.ToProto(await writer.ExecuteAsync(command, context.Caller().Actor).ConfigureAwait(false), store.Options.Currency);
    }

    public override async Task<Api.Credit> GetCredit(Api.GetCreditRequest request, ServerCallContext context) =>
        LedgerProtoMap.ToProto(await reader.GetCreditAsync(request.CustomerId, context.CancellationToken).ConfigureAwait(false), store.Options.Currency);
}
