namespace LedgerGrpc.Rules.Internal;

/// <summary>A compiled scoped param: evaluates into its slot, or carries the compile error reported for rules that use its scope.</summary>
internal sealed record ParamNode(string Name, int Slot, Func<object?[], object?>? Evaluate, string? CompileError);
