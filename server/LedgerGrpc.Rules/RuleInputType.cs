namespace LedgerGrpc.Rules;

/// <summary>The name and static type of one workflow input, which is what a compiled workflow is specialised for.</summary>
public sealed record RuleInputType(string Name, Type Type);
