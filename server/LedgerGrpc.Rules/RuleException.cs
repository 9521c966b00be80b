namespace LedgerGrpc.Rules;

/// <summary>A rule could not be compiled or executed and the settings ask for exceptions rather than error messages,
/// or a workflow that does not exist was asked for.</summary>
public sealed class RuleException(string message, Exception? inner = null) : Exception(message, inner);
