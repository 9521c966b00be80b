using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Validation;

/// <summary>Every diagnostic found, and the workflows when the JSON could be read.</summary>
public sealed record WorkflowValidationResult(IReadOnlyList<Workflow> Workflows, IReadOnlyList<WorkflowDiagnostic> Diagnostics)
{
    public bool IsValid => Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);

    public IEnumerable<WorkflowDiagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
}
