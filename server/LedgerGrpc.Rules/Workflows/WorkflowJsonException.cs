namespace LedgerGrpc.Rules.Workflows;

/// <summary>Workflow JSON that cannot be read; <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
public sealed class WorkflowJsonException(string message, int line, int column, Exception? inner = null)
    : Exception($"{message} (line {line}, column {column})", inner)
{
    public string Reason { get; } = message;

    public int Line { get; } = line;

    public int Column { get; } = column;
}
