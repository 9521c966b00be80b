using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Ledger;
using LedgerGrpc.Classification.Storage;
using Grpc.Core;
using LedgerGrpc.Server.Errors;
using LedgerGrpc.Server.Identity;
using V1 = LedgerGrpc.Protos.Ledger.V1;
using static LedgerGrpc.Server.Errors.Refuse;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>ledger.v1.Segments: memberships, explanations, distributions, history and the change stream.</summary>
public sealed class SegmentsService(ClassificationEngine engine, ManualClassification manual, AuditTrail audit, IHostApplicationLifetime lifetime) : V1.Segments.SegmentsBase
{
    private const int MaxPageSize = 1000;
    private const int MaxMemberFilter = 100;

    // Classify is the hot read: a customer's response is built once per entry (entries are replaced, never changed,
    // whenever memberships change) and reused until then, or until a publish swaps the snapshot (versions and display
    // names come from it).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CustomerEntry, CachedResponse> _responses = new();

    public override Task<V1.ClassifyResponse> Classify(V1.ClassifyRequest request, ServerCallContext context) =>
        Task.FromResult(ClassifyOne(request));

    public override async Task ClassifyBatch(IAsyncStreamReader<V1.ClassifyRequest> requests, IServerStreamWriter<V1.ClassifyResponse> responses, ServerCallContext context)
    {
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            V1.ClassifyResponse response;
            try
            {
                response = ClassifyOne(request);
            }
            catch (LedgerGrpc.Classification.ClassificationException ex)
            {
                // One unknown id must not end a high-rate stream: the item carries the error, the rest go on.
                var status = DomainStatus.Code(ex.Error);
                response = new V1.ClassifyResponse { CustomerId = request.CustomerId, Error = ex.Message, ErrorCode = (int)status };
            }

            await responses.WriteAsync(response);
        }
    }

    public override Task<V1.ClassifyResponse> Evaluate(V1.EvaluateRequest request, ServerCallContext context)
    {
        var features = ClassificationMapping.ReadFeatures(request.InputCase == V1.EvaluateRequest.InputOneofCase.Features ? request.Features : null,
            request.InputCase == V1.EvaluateRequest.InputOneofCase.FeaturesJson ? request.FeaturesJson : null, engine.Now);
        return Task.FromResult(ClassificationMapping.ToResponse(0, engine.Evaluate(features, request.Dimensions), engine.Snapshot, null));
    }

    public override Task<V1.ExplainResponse> Explain(V1.ExplainRequest request, ServerCallContext context)
    {
        var entry = engine.GetCustomer(request.CustomerId);
        var dimension = engine.GetDimension(request.Dimension);
        var features = entry.Features;
        var match = dimension.ClassifyFirst(features);
        var stored = entry.Memberships.FirstOrDefault(m => m.Dimension == dimension.Name);
        if (stored is { Overridden: true }) match = new(stored.Segment, "override");
        return Task.FromResult(ClassificationMapping.ToExplain(dimension, match, dimension.Version, dimension.Explain(features), features));
    }

    public override Task<V1.ListDimensionsResponse> ListDimensions(V1.ListDimensionsRequest request, ServerCallContext context)
    {
        var response = new V1.ListDimensionsResponse();
        response.Dimensions.AddRange(engine.Snapshot.Dimensions.Select(ClassificationMapping.ToDimension));
        return Task.FromResult(response);
    }

    public override Task<V1.GetDistributionResponse> GetDistribution(V1.GetDistributionRequest request, ServerCallContext context)
    {
        var response = new V1.GetDistributionResponse();
        foreach (var (dimension, segments) in engine.Distribution(request.Dimension))
        {
            var d = new V1.DimensionDistribution { Dimension = dimension.Name };
            d.Segments.AddRange(segments.Select(s => new V1.SegmentCount
            {
                Segment = s.Segment, DisplayName = dimension.DisplayNameOf(s.Segment), Customers = s.Customers, TotalSpendMinor = s.SpendMinor,
            }));
            response.Dimensions.Add(d);
        }

        return Task.FromResult(response);
    }

    public override Task<V1.ListMembersResponse> ListMembers(V1.ListMembersRequest request, ServerCallContext context)
    {
        // Out of range is refused, not clamped, as every other list does: a caller asking for 2^31-1 learns the limit.
        if (request.PageSize is < 0 or > MaxPageSize) throw Invalid($"page_size must be between 1 and {MaxPageSize} (0 means 100); got {request.PageSize}.");
        if (!System.Enum.IsDefined(request.Order)) throw Invalid($"order {(int)request.Order} is not a MemberOrder (ID, NAME, SPEND or OUTSTANDING).");
        if (request.Filter.Length > MaxMemberFilter) throw Invalid($"filter is {request.Filter.Length} characters long; the limit is {MaxMemberFilter}.");
        var order = (MemberOrder)(int)request.Order;
        // Ordering by money would let sales read who owes or spends most without seeing a figure: refused like the
        // financial RPCs, not silently ordered by id.
        if (order is MemberOrder.Spend or MemberOrder.Outstanding && LedgerGrpc.Server.Security.FinancialFieldInterceptor.IsSales(context))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"the sales role may not order members by {order.ToString().ToLowerInvariant()} (a financial field); order by id or name."));
        }

        MemberPosition? after = null;
        if (request.PageToken.Length > 0)
        {
            after = MemberPageToken.Decode(request.PageToken, order, request.Descending, request.Filter)
                ?? throw Invalid("page_token is not a token ListMembers returned for this order, direction and filter; start again without one.");
        }

        var size = request.PageSize == 0 ? 100 : request.PageSize;
        var page = engine.Members(request.Dimension, request.Segment, new MemberQuery(order, request.Descending, request.Filter, after, size + 1));
        var response = new V1.ListMembersResponse { Total = page.Total };
        response.CustomerIds.AddRange(page.Members.Take(size).Select(m => m.Id));
        if (page.Members.Count > size)
        {
            response.NextPageToken = MemberPageToken.Encode(order, request.Descending, request.Filter, page.Members[size - 1]);
        }

        return Task.FromResult(response);
    }

    public override Task<V1.GetHistoryResponse> GetHistory(V1.GetHistoryRequest request, ServerCallContext context)
    {
        engine.GetCustomer(request.CustomerId);
        if (request.Dimension.Length > 0) engine.GetDimension(request.Dimension);
        if (request.Limit < 0) throw Invalid("limit must not be negative.");
        var limit = request.Limit == 0 ? 1000 : Math.Min(request.Limit, 10_000);
        var response = new V1.GetHistoryResponse();
        response.Changes.AddRange(engine.ReadChanges(c => ClassificationReader.History(c, request.CustomerId, request.Dimension, limit)).Select(ClassificationMapping.ToChange));
        return Task.FromResult(response);
    }

    public override Task<V1.GetTransitionsResponse> GetTransitions(V1.GetTransitionsRequest request, ServerCallContext context)
    {
        engine.GetDimension(request.Dimension);
        var to = ClassificationMapping.ToDateTime(request.To, "to") ?? engine.Now.AddMilliseconds(1);
        var from = ClassificationMapping.ToDateTime(request.From, "from") ?? DateTime.UnixEpoch;
        if (from >= to) throw Invalid("from must be before to.");
        var response = new V1.GetTransitionsResponse();
        response.Transitions.AddRange(engine.ReadChanges(c => ClassificationReader.Transitions(c, request.Dimension, from, to))
            .Select(t => new V1.Transition { FromSegment = t.From, ToSegment = t.To, Count = t.Count }));
        return Task.FromResult(response);
    }

    public override async Task WatchChanges(V1.WatchChangesRequest request, IServerStreamWriter<V1.SegmentChange> responses, ServerCallContext context)
    {
        if (request.AfterSequence < 0) throw Invalid("after_sequence must not be negative.");
        if (request.Dimension.Length > 0) engine.GetDimension(request.Dimension);
        if (request.Segment.Length > 0 && request.Dimension.Length == 0) throw Invalid("segment needs dimension.");
        bool Matches(SegmentChange c) =>
            (request.Dimension.Length == 0 || c.Dimension == request.Dimension)
            && (request.Segment.Length == 0 || c.From == request.Segment || c.To == request.Segment);
        // Shutdown ends the stream (Kestrel would otherwise wait for it until its shutdown timeout).
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var last = request.AfterSequence;
        try
        {
            await foreach (var change in engine.Feed.WatchAsync(request.AfterSequence, Matches, watch.Token))
            {
                await responses.WriteAsync(ClassificationMapping.ToChange(change));
                last = change.Sequence;
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"The server is shutting down; reconnect and resume with after_sequence = {last}."));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher went away or its deadline passed; nothing to clean up.
        }
    }

    public override async Task<V1.Category> UpsertCategory(V1.UpsertCategoryRequest request, ServerCallContext context)
    {
        var record = await manual.UpsertCategoryAsync(request.Code, request.Name, context.CancellationToken);
        await audit.RecordAsync(context.Caller().Actor, "UpsertCategory", "Category", record.Code, new Dictionary<string, string?> { ["name"] = request.Name });
        return ToCategory(record, (await manual.ListCategoriesAsync(context.CancellationToken)).Select(c => c.Code).ToHashSet());
    }

    public override async Task<V1.ListCategoriesResponse> ListCategories(V1.ListCategoriesRequest request, ServerCallContext context)
    {
        var all = await manual.ListCategoriesAsync(context.CancellationToken);
        var codes = all.Select(c => c.Code).ToHashSet();
        var response = new V1.ListCategoriesResponse();
        response.Categories.AddRange(all.Select(c => ToCategory(c, codes)));
        return response;
    }

    public override async Task<V1.AssignCategoryResponse> AssignCategory(V1.AssignCategoryRequest request, ServerCallContext context)
    {
        await manual.AssignCategoryAsync(request.CustomerId, request.Code, context.CancellationToken);
        await audit.RecordAsync(context.Caller().Actor, "AssignCategory", "Category", request.Code, null, request.CustomerId, request.CustomerId);
        return new V1.AssignCategoryResponse();
    }

    public override async Task<V1.Override> SetOverride(V1.SetOverrideRequest request, ServerCallContext context)
    {
        var expires = ClassificationMapping.ToDateTime(request.ExpiresAt, "expires_at");
        var o = await manual.SetOverrideAsync(request.CustomerId, request.Dimension, request.Segment, request.Reason, context.Caller().Actor, expires, context.CancellationToken);
        await audit.RecordAsync(context.Caller().Actor, "SetOverride", "Override", o.Dimension, new Dictionary<string, string?>
        {
            ["segment"] = o.Segment, ["reason"] = o.Reason, ["expires_at"] = o.ExpiresAt?.ToString("O"),
        }, o.CustomerId, o.CustomerId);
        return ToOverride(o);
    }

    private static V1.Override ToOverride(ManualOverride o) => new()
    {
        CustomerId = o.CustomerId, Dimension = o.Dimension, Segment = o.Segment, Reason = o.Reason, Author = o.Author,
        CreatedAt = Timestamp.FromDateTime(o.CreatedAt), ExpiresAt = o.ExpiresAt is { } e ? Timestamp.FromDateTime(e) : null,
    };

    public override async Task<V1.ListOverridesResponse> ListOverrides(V1.ListOverridesRequest request, ServerCallContext context)
    {
        var (page, next) = await manual.ListOverridesAsync(request.Dimension, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new V1.ListOverridesResponse { NextPageToken = next };
        response.Overrides.AddRange(page.Select(ToOverride));
        return response;
    }

    public override async Task<V1.ClearOverrideResponse> ClearOverride(V1.ClearOverrideRequest request, ServerCallContext context)
    {
        await manual.ClearOverrideAsync(request.CustomerId, request.Dimension, context.CancellationToken);
        await audit.RecordAsync(context.Caller().Actor, "ClearOverride", "Override", request.Dimension, null, request.CustomerId, request.CustomerId);
        return new V1.ClearOverrideResponse();
    }

    private V1.ClassifyResponse ClassifyOne(V1.ClassifyRequest request)
    {
        var entry = engine.GetCustomer(request.CustomerId);
        var category = engine.State.CategoryOf(entry.CustomerId) ?? "";
        var snapshot = engine.Snapshot;
        if (_responses.TryGetValue(entry, out var cached) && cached.Response.CategoryCode == category && ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached.Response;
        }

        // Encoded once: the cached response is written as those bytes (Marshalling/PreEncodedMarshaller) until the entry
        // or the snapshot is replaced.
        var response = ClassificationMapping.ToResponse(entry.CustomerId, entry.Memberships, snapshot, category).PreEncode();
        _responses.AddOrUpdate(entry, new CachedResponse(snapshot, response));
        return response;
    }

    private static V1.Category ToCategory(CategoryRecord c, HashSet<string> codes) => new()
    {
        Code = c.Code,
        Name = c.Name,
        ParentCode = c.Code.Length > 2 ? c.Code[..^2] : "",
        IsLeaf = !codes.Any(other => other.Length > c.Code.Length && other.StartsWith(c.Code, StringComparison.Ordinal)),
    };

    private sealed record CachedResponse(ClassifierSnapshot Snapshot, V1.ClassifyResponse Response);
}
