using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Storage;
using LedgerGrpc.Server.Errors;
using V1 = LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>Converts between the classification layer and the ledger.v1 messages.</summary>
internal static class ClassificationMapping
{
    private static readonly JsonSerializerOptions FeaturesJson = new() { WriteIndented = false };

    public static V1.ClassifyResponse ToResponse(long customerId, IEnumerable<Membership> memberships, ClassifierSnapshot snapshot, string? category)
    {
        var response = new V1.ClassifyResponse { CustomerId = customerId, CategoryCode = category ?? "" };
        response.Assignments.AddRange(memberships.Select(m => ToAssignment(m, snapshot)));
        return response;
    }

    public static V1.Assignment ToAssignment(Membership m, ClassifierSnapshot snapshot) => new()
    {
        Dimension = m.Dimension,
        Segment = m.Segment,
        DisplayName = snapshot.Find(m.Dimension)?.DisplayNameOf(m.Segment) ?? m.Segment,
        Rule = m.Rule,
        // The version in force: every customer has been evaluated under it (a membership's own stamp is the version
        // that put the customer in the segment and is kept when a later version agrees).
        WorkflowVersion = snapshot.Find(m.Dimension)?.Version ?? m.WorkflowVersion,
        Since = Timestamp.FromDateTime(DateTime.SpecifyKind(m.Since, DateTimeKind.Utc)),
        Overridden = m.Overridden,
    };

    public static V1.Dimension ToDimension(ClassifierDimension d)
    {
        var dimension = new V1.Dimension
        {
            Name = d.Name,
            DisplayName = d.DisplayName,
            Mode = d.Mode == ClassificationMode.FirstMatch ? "first_match" : "multi_match",
            DefaultSegment = d.DefaultSegment,
            WorkflowVersion = d.Version,
            Source = d.Source,
        };
        dimension.Segments.AddRange(d.SegmentKeys.Select(k => new V1.SegmentInfo { Key = k, DisplayName = d.DisplayNameOf(k) }));
        return dimension;
    }

    public static V1.SegmentChange ToChange(SegmentChange c) => new()
    {
        Sequence = c.Sequence,
        CustomerId = c.CustomerId,
        Dimension = c.Dimension,
        FromSegment = c.From,
        ToSegment = c.To,
        At = Timestamp.FromDateTime(DateTime.SpecifyKind(c.At, DateTimeKind.Utc)),
        Cause = ClassificationBatchWriter.CauseText(c.Cause),
        WorkflowVersion = c.WorkflowVersion,
        Rule = c.Rule,
    };

    public static V1.ExplainResponse ToExplain(ClassifierDimension dimension, SegmentMatch match, int version, IReadOnlyList<RuleTrace> traces, CustomerFeatures features)
    {
        var response = new V1.ExplainResponse
        {
            Dimension = dimension.Name,
            Segment = match.Segment,
            Rule = match.Rule,
            WorkflowVersion = version,
            FeaturesJson = JsonSerializer.Serialize(features, FeaturesJson),
        };
        response.Rules.AddRange(traces.Select(ToRule));
        return response;
    }

    public static V1.Diagnostic ToDiagnostic(ClassificationDiagnostic d) => new()
    {
        Severity = d.IsError ? "error" : "warning",
        RulePath = d.RulePath,
        Line = d.Line,
        Column = d.Column,
        ExpressionColumn = d.ExpressionColumn,
        Message = d.Message,
    };

    public static V1.SampleReport ToSample(SampleReport s)
    {
        var sample = new V1.SampleReport { Customers = s.Customers, CostMicrosPerCustomer = s.CostMicrosPerCustomer, BudgetMicrosPerCustomer = s.BudgetMicros };
        sample.Rules.AddRange(s.Rules.Select(r => new V1.RuleSampleStats
        {
            Rule = r.Rule, Evaluated = r.Evaluated, Errors = r.Errors, FirstError = r.FirstError ?? "", FirstErrorCustomerId = r.FirstErrorCustomerId, MeanCostMicros = r.MeanCostMicros,
        }));
        return sample;
    }

    public static V1.WorkflowVersion ToVersion(WorkflowVersionRecord r) => new()
    {
        Name = r.Name,
        Version = r.Version,
        WorkflowJson = r.Json,
        Comment = r.Comment,
        Author = r.Author,
        CreatedAt = Timestamp.FromDateTime(UnixTime.FromMs(r.CreatedAtUnixMs)),
        Action = r.Action,
    };

    public static V1.Reclassification ToReclassification(Reclassification r) => new()
    {
        Id = r.Id,
        Dimension = r.Dimension,
        WorkflowVersion = r.WorkflowVersion,
        Processed = r.Processed,
        Total = r.Total,
        Changed = r.Changed,
        Done = r.Done,
        Error = r.Error,
    };

    public static DateTime? ToDateTime(Timestamp? t, string field)
    {
        if (t is null) return null;
        if (t.Nanos is < 0 or > 999_999_999 || t.Seconds < -62_135_596_800 || t.Seconds > 253_402_300_799)
        {
            throw Refuse.Invalid($"{field} is not a valid timestamp.");
        }

        return t.ToDateTime();
    }

    /// <summary>Features given in a request (Evaluate, TestWorkflow), as values or as JSON.</summary>
    public static CustomerFeatures ReadFeatures(V1.FeatureValues? values, string? json, DateTime now)
    {
        if (values is not null) return FeatureInput.FromValues(values.Values, now);
        if (json is not null) return FeatureInput.FromJson(json, now);
        throw Refuse.Invalid("Give features or features_json.");
    }

    private static V1.RuleExplanation ToRule(RuleTrace t)
    {
        var rule = new V1.RuleExplanation { RuleName = t.RuleName, Expression = t.Expression, Success = t.Success, Error = t.Error };
        rule.Steps.AddRange(t.Steps);
        rule.Children.AddRange(t.Children.Select(ToRule));
        return rule;
    }
}
