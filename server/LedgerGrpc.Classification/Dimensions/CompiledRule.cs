using LedgerGrpc.Classification.Features;
using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>One rule compiled against <see cref="CustomerFeatures"/>, bound as both <c>customer</c> and <c>input1</c>.</summary>
internal sealed class CompiledRule(
    RuleDefinition definition,
    Func<CustomerFeatures, CustomerFeatures, bool>? test,
    Func<CustomerFeatures, CustomerFeatures, ExplainRecorder, bool>? explain,
    Func<CustomerFeatures, CustomerFeatures, object?>? output,
    CompiledRule[] children)
{
    public RuleDefinition Definition => definition;

    /// <summary>Evaluates the rule; an exception inside the expression counts as failure, as in RulesEngine.</summary>
    public bool Test(CustomerFeatures features)
    {
        if (children.Length > 0)
        {
            return definition.Operator is "Or" or "OrElse" ? AnyChild(features) : AllChildren(features);
        }

        try
        {
            return test!(features, features);
        }
        catch (Exception)
        {
            // RulesEngine reports an exception inside a rule as that rule failing; Explain shows the message.
            return false;
        }
    }

    public string Segment(CustomerFeatures features)
    {
        if (output is null)
        {
            return definition.StaticSegment;
        }

        try
        {
            return Convert.ToString(output(features, features), System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } s ? s : definition.StaticSegment;
        }
        catch (Exception)
        {
            return definition.StaticSegment;
        }
    }

    public RuleTrace Explain(CustomerFeatures features)
    {
        if (children.Length > 0)
        {
            var traces = children.Select(c => c.Explain(features)).ToArray();
            var success = definition.Operator is "Or" or "OrElse" ? traces.Any(t => t.Success) : traces.All(t => t.Success);
            return new RuleTrace(definition.Name, $"{definition.Operator} of {children.Length} rules", success, "", [], traces);
        }

        var recorder = new ExplainRecorder();
        try
        {
            var result = explain!(features, features, recorder);
            return new RuleTrace(definition.Name, definition.Expression, result, "", Steps(recorder), []);
        }
        catch (Exception ex)
        {
            return new RuleTrace(definition.Name, definition.Expression, false, $"Error while executing rule : {definition.Name} - {ex.Message}", Steps(recorder), []);
        }
    }

    private static string[] Steps(ExplainRecorder recorder) =>
        [.. recorder.Steps.Select(s => $"{s.ExpressionText} = {FormatValue(s.Value)}")];

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => $"\"{s}\"",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private bool AnyChild(CustomerFeatures features)
    {
        foreach (var child in children)
        {
            if (child.Definition.Enabled && child.Test(features)) return true;
        }

        return false;
    }

    private bool AllChildren(CustomerFeatures features)
    {
        foreach (var child in children)
        {
            if (child.Definition.Enabled && !child.Test(features)) return false;
        }

        return true;
    }
}
