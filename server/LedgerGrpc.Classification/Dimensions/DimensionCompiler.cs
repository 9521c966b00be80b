using System.Linq.Expressions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Classification.Dimensions;

/// <summary>Reads, checks and compiles a dimension workflow against <see cref="CustomerFeatures"/>. Every expression is
/// bound before anything runs, so unknown members and type errors are found when the workflow is validated.</summary>
public static class DimensionCompiler
{
    private static readonly ExpressionOptions Options = new();

    public static (CompiledDimension? Dimension, IReadOnlyList<ClassificationDiagnostic> Diagnostics) Compile(string json, int version)
    {
        var (definition, diagnostics) = DimensionDefinitionReader.Read(json);
        if (definition is null)
        {
            return (null, diagnostics);
        }

        var all = diagnostics.ToList();
        var rules = definition.Rules.Select(r => CompileRule(r, all)).ToArray();
        return all.Any(d => d.IsError) ? (null, all) : (new CompiledDimension(definition, version, json, rules), all);
    }

    private static CompiledRule CompileRule(RuleDefinition rule, List<ClassificationDiagnostic> diagnostics)
    {
        var children = rule.Children.Select(c => CompileRule(c, diagnostics)).ToArray();
        if (children.Length > 0)
        {
            return new CompiledRule(rule, null, null, null, children);
        }

        var customer = Expression.Parameter(typeof(CustomerFeatures), "customer");
        var input1 = Expression.Parameter(typeof(CustomerFeatures), "input1");
        var recorder = Expression.Parameter(typeof(ExplainRecorder), "recorder");
        var bound = RuleExpressionBinder.Bind(rule.Expression, [customer, input1], Options);
        Func<CustomerFeatures, CustomerFeatures, bool>? test = null;
        Func<CustomerFeatures, CustomerFeatures, ExplainRecorder, bool>? explain = null;
        if (bound.Body is null)
        {
            diagnostics.AddRange(bound.Diagnostics.Select(d => new ClassificationDiagnostic(rule.Path, d.Message, ExpressionColumn: d.Column)));
        }
        else if (bound.Body.Type != typeof(bool))
        {
            diagnostics.Add(new ClassificationDiagnostic(rule.Path, $"The expression gives a {bound.Body.Type.Name}, not true or false."));
        }
        else
        {
            test = Expression.Lambda<Func<CustomerFeatures, CustomerFeatures, bool>>(bound.Body, customer, input1).Compile();
            var instrumented = ExplainInstrumenter.Instrument(bound.Body, recorder);
            explain = Expression.Lambda<Func<CustomerFeatures, CustomerFeatures, ExplainRecorder, bool>>(instrumented, customer, input1, recorder).Compile();
        }

        Func<CustomerFeatures, CustomerFeatures, object?>? output = null;
        if (rule.OutputExpression is { } outputText)
        {
            var boundOutput = RuleExpressionBinder.Bind(outputText, [customer, input1], Options);
            if (boundOutput.Body is null)
            {
                diagnostics.AddRange(boundOutput.Diagnostics.Select(d => new ClassificationDiagnostic(rule.Path + "/OutputExpression", d.Message, ExpressionColumn: d.Column)));
            }
            else
            {
                output = Expression.Lambda<Func<CustomerFeatures, CustomerFeatures, object?>>(Expression.Convert(boundOutput.Body, typeof(object)), customer, input1).Compile();
            }
        }

        return new CompiledRule(rule, test, explain, output, []);
    }
}
