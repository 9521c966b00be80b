using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Errors;
using Grpc.Core;
using LedgerGrpc.Server.Identity;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Purchases: RecordTransaction (the hot path), RecordTransactions, ListTransactions.</summary>
public sealed partial class CustomerLedgerService
{
    /// <summary>Items of one RecordTransactions/ImportCustomers stream queued before waiting, so they share commits.</summary>
    private const int StreamWindow = 1000;

    public override async Task<Api.Transaction> RecordTransaction(Api.RecordTransactionRequest request, ServerCallContext context)
    {
        var command = LedgerRequestMap.Transaction(request, clock);
        return LedgerProtoMap.ToProto(await writer.ExecuteAsync(command, context.Caller().Actor).ConfigureAwait(false));
    }

    public override async Task<Api.RecordTransactionsResponse> RecordTransactions(IAsyncStreamReader<Api.RecordTransactionRequest> requests, ServerCallContext context)
    {
        var actor = context.Caller().Actor;
        var results = await HandleWindowed(requests, (request, index) => RecordOne(request, index, actor), context.CancellationToken).ConfigureAwait(false);
        var response = new Api.RecordTransactionsResponse { Results = { results } };
        response.Recorded = results.Count(r => r.ResultCase == Api.RecordTransactionResult.ResultOneofCase.Transaction);
        response.Failed = results.Count - response.Recorded;
        return response;
    }

    public override async Task<Api.ListTransactionsResponse> ListTransactions(Api.ListTransactionsRequest request, ServerCallContext context)
    {
        var page = await reader.ListTransactionsAsync(request.CustomerId, request.PageSize, request.PageToken, context.CancellationToken).ConfigureAwait(false);
        var response = new Api.ListTransactionsResponse { NextPageToken = page.NextPageToken };
        response.Transactions.AddRange(page.Items.Select(LedgerProtoMap.ToProto));
        return response;
    }

    private async Task<Api.RecordTransactionResult> RecordOne(Api.RecordTransactionRequest request, int index, string actor)
    {
        try
        {
            var transaction = await writer.ExecuteAsync(LedgerRequestMap.Transaction(request, clock), actor).ConfigureAwait(false);
            return new Api.RecordTransactionResult { Index = index, Transaction = LedgerProtoMap.ToProto(transaction) };
        }
        catch (LedgerException e)
        {
            return new Api.RecordTransactionResult { Index = index, Error = ItemError(e) };
        }
    }

    /// <summary>
    /// Handles a client stream's items concurrently, up to <see cref="StreamWindow"/> at a time (so
    /// they share group commits), returning one result per item in order.
    /// </summary>
    private static async Task<List<TResult>> HandleWindowed<TRequest, TResult>(
        IAsyncStreamReader<TRequest> requests, Func<TRequest, int, Task<TResult>> handle, CancellationToken ct)
    {
        var results = new List<TResult>();
        var pending = new List<Task<TResult>>();
        var index = 0;
        await foreach (var request in requests.ReadAllAsync(ct).ConfigureAwait(false))
        {
            pending.Add(handle(request, index++));
            if (pending.Count >= StreamWindow)
            {
                results.AddRange(await Task.WhenAll(pending).ConfigureAwait(false));
                pending.Clear();
            }
        }

        results.AddRange(await Task.WhenAll(pending).ConfigureAwait(false));
        return results;
    }

    private static Api.ItemError ItemError(LedgerException e) => new() { Code = (int)DomainStatus.Code(e.Code), Message = e.Message };
}
