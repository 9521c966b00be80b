using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Commands;
using Grpc.Core;
using LedgerGrpc.Server.Identity;
using Api = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>Communication records and data upkeep: notes, import/export, duplicates, merge, backup.</summary>
public sealed partial class CustomerLedgerService
{
    public override async Task<Api.Note> AddNote(Api.AddNoteRequest request, ServerCallContext context) =>
        LedgerProtoMap.ToProto(await writer.ExecuteAsync(LedgerRequestMap.Note(request), context.Caller().Actor).ConfigureAwait(false));

    public override async Task<Api.ListNotesResponse> ListNotes(Api.ListNotesRequest request, ServerCallContext context)
    {
        var page = await reader.ListNotesAsync(request.CustomerId, request.PageSize, request.PageToken, context.CancellationToken).ConfigureAwait(false);
        var response = new Api.ListNotesResponse { NextPageToken = page.NextPageToken };
        response.Notes.AddRange(page.Items.Select(LedgerProtoMap.ToProto));
        return response;
    }

    public override async Task<Api.ImportCustomersResponse> ImportCustomers(IAsyncStreamReader<Api.CreateCustomerRequest> requests, ServerCallContext context)
    {
        var actor = context.Caller().Actor;
        var results = await HandleWindowed(requests, (request, index) => ImportOne(request, index, actor), context.CancellationToken).ConfigureAwait(false);
        var response = new Api.ImportCustomersResponse { Results = { results } };
        response.Imported = results.Count(r => r.ResultCase == Api.ImportRowResult.ResultOneofCase.CustomerId);
        response.Rejected = results.Count - response.Imported;
        return response;
    }

    public override async Task ExportCustomers(Api.ExportCustomersRequest request, IServerStreamWriter<Api.Customer> responses, ServerCallContext context)
    {
        long count = 0;
        await foreach (var customer in reader.ExportCustomersAsync(request.IncludeArchived, context.CancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(LedgerProtoMap.ToProto(customer)).ConfigureAwait(false);
            count++;
        }

        await audit.RecordAsync(context.Caller().Actor, "ExportCustomers", "Export", "customers", new Dictionary<string, string?>
        {
            ["customers"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["include_archived"] = request.IncludeArchived ? "true" : "false",
        }).ConfigureAwait(false);
    }

    public override async Task<Api.FindDuplicatesResponse> FindDuplicates(Api.FindDuplicatesRequest request, ServerCallContext context)
    {
        var groups = await reader.FindDuplicatesAsync(request.CustomerId, request.Limit, context.CancellationToken).ConfigureAwait(false);
        var response = new Api.FindDuplicatesResponse();
        foreach (var group in groups)
        {
            var message = new Api.DuplicateGroup { Reason = (Api.DuplicateReason)group.Reason, Key = group.Key };
            message.CustomerIds.AddRange(group.CustomerIds);
            response.Groups.Add(message);
        }

        return response;
    }

    public override async Task<Api.MergeCustomersResponse> MergeCustomers(Api.MergeCustomersRequest request, ServerCallContext context)
    {
        var command = new MergeCustomers
        {
            SurvivingCustomerId = request.SurvivingCustomerId,
            MergedCustomerId = request.MergedCustomerId,
            Reason = request.Reason,
        };
        var record = await writer.ExecuteAsync(command, context.Caller().Actor).ConfigureAwait(false);
        var survivor = await reader.GetCustomerAsync(record.SurvivingCustomerId, context.CancellationToken).ConfigureAwait(false);
        return new Api.MergeCustomersResponse
        {
            Customer = LedgerProtoMap.ToProto(survivor),
            MergeId = record.Id,
            MovedTransactions = record.MovedTransactions,
            MovedInvoices = record.MovedInvoices,
            MovedPayments = record.MovedPayments,
            MovedNotes = record.MovedNotes,
        };
    }

    public override async Task<Api.BackupResponse> Backup(Api.BackupRequest request, ServerCallContext context)
    {
        var (path, size, at) = await _backups.CreateAsync(request.FileName, context.CancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(context.Caller().Actor, "Backup", "Backup", Path.GetFileName(path), new Dictionary<string, string?>
        {
            ["size_bytes"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ConfigureAwait(false);
        return new Api.BackupResponse { Path = path, SizeBytes = size, CreatedAt = Timestamp.FromDateTime(at) };
    }

    private async Task<Api.ImportRowResult> ImportOne(Api.CreateCustomerRequest request, int index, string actor)
    {
        try
        {
            var customer = await writer.ExecuteAsync(new CreateCustomer(LedgerRequestMap.Fields(request)), actor).ConfigureAwait(false);
            return new Api.ImportRowResult { Index = index, CustomerId = customer.Id };
        }
        catch (LedgerException e)
        {
            return new Api.ImportRowResult { Index = index, Error = ItemError(e) };
        }
    }
}
