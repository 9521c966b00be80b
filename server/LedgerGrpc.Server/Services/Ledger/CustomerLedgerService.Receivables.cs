using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using LedgerGrpc.Wire;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Receivables and credit: invoices, payments, write-offs, aging, credit limits.</summary>
public sealed partial class CustomerLedgerService
{
    public Task<Api.Invoice> IssueInvoice(Api.IssueInvoiceRequest request, ServerCallContext context) =>
        LedgerErrors.Guard(async () =>
            LedgerProtoMap.ToProto(await writer.ExecuteAsync(LedgerRequestMap.Invoice(request), Actor(context)).ConfigureAwait(false)));

    public Task<Api.Payment> RecordPayment(Api.RecordPaymentRequest request, ServerCallContext context) =>
        LedgerErrors.Guard(async () =>
            LedgerProtoMap.ToProto(await writer.ExecuteAsync(LedgerRequestMap.Payment(request), Actor(context)).ConfigureAwait(false)));

    public Task<Api.Invoice> WriteOffInvoice(Api.WriteOffInvoiceRequest request, ServerCallContext context) =>
        LedgerErrors.Guard(async () =>
            LedgerProtoMap.ToProto(await writer.ExecuteAsync(LedgerRequestMap.WriteOff(request), Actor(context)).ConfigureAwait(false)));

    public Task<Api.ListInvoicesResponse> ListInvoices(Api.ListInvoicesRequest request, ServerCallContext context) =>
        LedgerErrors.Guard(async () =>
        {
            var page = await reader.ListInvoicesAsync(request.CustomerId, request.OpenOnly, request.PageSize, request.PageToken, context.CancellationToken).ConfigureAwait(false);
            var response = new Api.ListInvoicesResponse { NextPageToken = page.NextPageToken };
            response.Invoices.AddRange(page.Items.Select(LedgerProtoMap.ToProto));
            return response;
        });

    public Task<Api.Receivables> GetReceivables(Api.GetReceivablesRequest request, ServerCallContext context) =>
        LedgerErrors.Guard(async () =>
        {
            var asOf = LedgerProtoMap.ToOptionalDate(request.AsOf, "as_of");
            return LedgerProtoMap.ToProto(await reader.GetReceivablesAsync(request.CustomerId, asOf, context.CancellationToken).ConfigureAwait(false));
        });

    public Task<Api.Credit> SetCreditLimit(Api.SetCreditLimitRequest request, ServerCallContext context) =>
        LedgerErrors.Guard(async () =>
        {
            var command = new SetCreditLimit { CustomerId = request.CustomerId, LimitMinor = request.LimitMinor, Currency = request.Currency };
            return LedgerProtoMap.ToProto(await writer.ExecuteAsync(command, Actor(context)).ConfigureAwait(false), store.Options.Currency);
        });

    public Task<Api.Credit> GetCredit(Api.GetCreditRequest request, ServerCallContext context) =>
        LedgerErrors.Guard(async () =>
            LedgerProtoMap.ToProto(await reader.GetCreditAsync(request.CustomerId, context.CancellationToken).ConfigureAwait(false), store.Options.Currency));
}
