namespace LedgerGrpc.Rules;

/// <summary>What a rule's OnSuccess/OnFailure action produced, or the exception it threw.</summary>
public sealed record ActionResult(object? Output, Exception? Exception);
