using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Ledger;
using Grpc.Core;
using LedgerGrpc.Server.Identity;
using V1 = LedgerGrpc.Protos.Ledger.V1;
using static LedgerGrpc.Server.Errors.Refuse;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>ledger.v1.Rules: versioned workflows, validated, tested and previewed before they are published.</summary>
public sealed class RulesService(ClassificationEngine engine, WorkflowManager manager, AuditTrail audit) : V1.Rules.RulesBase
{
    private const int MaxSamplesPerMove = 100;

    public override async Task<V1.ListWorkflowsResponse> ListWorkflows(V1.ListWorkflowsRequest request, ServerCallContext context)
    {
        var response = new V1.ListWorkflowsResponse();
        foreach (var record in await engine.Workflows.CurrentAsync(context.CancellationToken))
        {
            // The snapshot already holds the parsed definition unless a publish of this version is still running.
            var dimension = engine.Snapshot.Find(record.Name) is LedgerGrpc.Classification.Dimensions.CompiledDimension served && served.Version == record.Version
                ? served.Definition
                : DimensionDefinitionReader.Read(record.Json).Definition;
            response.Workflows.Add(new V1.WorkflowSummary
            {
                Name = record.Name,
                DisplayName = dimension?.DisplayName ?? record.Name,
                Version = record.Version,
                UpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(UnixTime.FromMs(record.CreatedAtUnixMs)),
                UpdatedBy = record.Author,
                RuleCount = dimension?.Rules.Count ?? 0,
            });
        }

        return response;
    }

    public override async Task<V1.WorkflowVersion> GetWorkflow(V1.GetWorkflowRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        if (request.Version < 0) throw Invalid("version must not be negative (0 means the current version).");
        var record = await engine.Workflows.GetAsync(request.Name, request.Version, context.CancellationToken);
        if (record is null || (request.Version == 0 && record.Action == "delete"))
        {
            throw NotFound(request.Version == 0 ? $"Workflow '{request.Name}' does not exist." : $"Workflow '{request.Name}' has no version {request.Version}.");
        }

        return ClassificationMapping.ToVersion(record);
    }

    public override Task<V1.ValidateWorkflowResponse> ValidateWorkflow(V1.ValidateWorkflowRequest request, ServerCallContext context)
    {
        var (diagnostics, sample) = manager.Validate(request.WorkflowJson);
        var response = new V1.ValidateWorkflowResponse { Valid = !diagnostics.Any(d => d.IsError), Sample = ClassificationMapping.ToSample(sample) };
        response.Diagnostics.AddRange(diagnostics.Select(ClassificationMapping.ToDiagnostic));
        return Task.FromResult(response);
    }

    public override Task<V1.TestWorkflowResponse> TestWorkflow(V1.TestWorkflowRequest request, ServerCallContext context)
    {
        var features = request.InputCase switch
        {
            V1.TestWorkflowRequest.InputOneofCase.CustomerId => engine.GetCustomer(request.CustomerId).Features,
            V1.TestWorkflowRequest.InputOneofCase.Features => ClassificationMapping.ReadFeatures(request.Features, null, engine.Now),
            V1.TestWorkflowRequest.InputOneofCase.FeaturesJson => ClassificationMapping.ReadFeatures(null, request.FeaturesJson, engine.Now),
            _ => throw Invalid("Give customer_id, features or features_json to test the workflow against."),
        };
        var (diagnostics, draft, segments, traces) = manager.Test(request.WorkflowJson, features);
        var response = new V1.TestWorkflowResponse();
        response.Diagnostics.AddRange(diagnostics.Select(ClassificationMapping.ToDiagnostic));
        if (draft is not null)
        {
            var first = segments.Count > 0 ? segments[0] : new SegmentMatch(draft.Definition.DefaultSegment, "");
            response.Result = ClassificationMapping.ToExplain(draft, first, 0, traces, features);
            response.Segments.AddRange(segments.Select(s => s.Segment));
        }

        return Task.FromResult(response);
    }

    public override Task<V1.PreviewWorkflowResponse> PreviewWorkflow(V1.PreviewWorkflowRequest request, ServerCallContext context)
    {
        if (request.SamplesPerMove < 0) throw Invalid("samples_per_move must not be negative.");
        var samples = request.SamplesPerMove == 0 ? 5 : Math.Min(request.SamplesPerMove, MaxSamplesPerMove);
        var preview = manager.Preview(request.WorkflowJson, samples);
        var response = new V1.PreviewWorkflowResponse { Dimension = preview.Dimension, Customers = preview.Customers, Sample = ClassificationMapping.ToSample(preview.Sample) };
        response.Diagnostics.AddRange(preview.Diagnostics.Select(ClassificationMapping.ToDiagnostic));
        response.Before.AddRange(preview.Before.OrderByDescending(p => p.Value).Select(p => new V1.SegmentCount { Segment = p.Key, Customers = p.Value }));
        response.After.AddRange(preview.After.OrderByDescending(p => p.Value).Select(p => new V1.SegmentCount { Segment = p.Key, Customers = p.Value }));
        foreach (var move in preview.Moves)
        {
            var m = new V1.Move { FromSegment = move.From, ToSegment = move.To, Count = move.Count };
            m.SampleCustomerIds.AddRange(move.Samples);
            response.Moves.Add(m);
        }

        return Task.FromResult(response);
    }

    public override async Task<V1.PublishWorkflowResponse> PublishWorkflow(V1.PublishWorkflowRequest request, ServerCallContext context)
    {
        CheckComment(request.Comment);
        if (request.ExpectedVersion < 0) throw Invalid("expected_version must not be negative (0 for a new workflow).");
        var (version, job, sample) = await manager.PublishAsync(request.WorkflowJson, request.Comment, request.ExpectedVersion, context.Caller().Actor, context.CancellationToken, request.Force);
        await AuditAsync(context, "PublishWorkflow", version.Name, version.Version, request.Comment);
        return new V1.PublishWorkflowResponse { Name = version.Name, Version = version.Version, ReclassificationId = job.Id, Sample = ClassificationMapping.ToSample(sample) };
    }

    public override async Task<V1.ListVersionsResponse> ListVersions(V1.ListVersionsRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        var versions = await engine.Workflows.VersionsAsync(request.Name, context.CancellationToken);
        if (versions.Count == 0) throw NotFound($"Workflow '{request.Name}' does not exist.");
        var response = new V1.ListVersionsResponse();
        response.Versions.AddRange(versions.Select(ClassificationMapping.ToVersion));
        return response;
    }

    public override async Task<V1.PublishWorkflowResponse> RollbackWorkflow(V1.RollbackWorkflowRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        CheckComment(request.Comment);
        var (version, job) = await manager.RollbackAsync(request.Name, request.ToVersion, request.Comment, request.ExpectedVersion, context.Caller().Actor, context.CancellationToken);
        await AuditAsync(context, "RollbackWorkflow", version.Name, version.Version, request.Comment, request.ToVersion);
        return new V1.PublishWorkflowResponse { Name = version.Name, Version = version.Version, ReclassificationId = job.Id };
    }

    public override async Task<V1.DeleteWorkflowResponse> DeleteWorkflow(V1.DeleteWorkflowRequest request, ServerCallContext context)
    {
        RequireName(request.Name);
        CheckComment(request.Comment);
        await manager.DeleteAsync(request.Name, request.Comment, request.ExpectedVersion, context.Caller().Actor, context.CancellationToken);
        await AuditAsync(context, "DeleteWorkflow", request.Name, null, request.Comment);
        return new V1.DeleteWorkflowResponse();
    }

    private Task AuditAsync(ServerCallContext context, string action, string name, int? version, string comment, int? fromVersion = null) =>
        audit.RecordAsync(context.Caller().Actor, action, "Workflow", name, new Dictionary<string, string?>
        {
            ["version"] = version?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["rolled_back_to"] = fromVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["comment"] = comment,
        });

    public override Task<V1.Reclassification> GetReclassification(V1.GetReclassificationRequest request, ServerCallContext context) =>
        Task.FromResult(engine.Jobs.Find(request.Id) is { } job
            ? ClassificationMapping.ToReclassification(job)
            : throw NotFound($"No re-classification {request.Id}: job ids are kept across restarts, so this one was never handed out."));

    private static void RequireName(string name)
    {
        if (WorkflowNames.Problem(name) is { } problem) throw Invalid(problem);
    }

    private static void CheckComment(string comment)
    {
        if (comment.Length > 2000) throw Invalid("comment is longer than 2000 characters.");
    }
}
