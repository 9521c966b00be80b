namespace LedgerGrpc.Rules.Validation;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}
