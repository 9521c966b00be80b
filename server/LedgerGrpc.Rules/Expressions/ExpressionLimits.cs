namespace LedgerGrpc.Rules.Expressions;

/// <summary>Bounds on what one expression may be and do. Expressions come from operators and run inside the ledger's
/// write transaction, so neither parsing nor evaluating one may crash the process, exhaust memory or stall the writer.
/// Every refusal names the limit it hit.</summary>
public static class ExpressionLimits
{
    /// <summary>Longest expression text, in characters (checked before parsing).</summary>
    public const int MaxExpressionLength = 65_536;

    /// <summary>Deepest nesting of ( [ { in an expression text (checked before parsing; the parser is recursive).</summary>
    public const int MaxNestingDepth = 100;

    /// <summary>Longest string a string-growing operation (PadLeft/PadRight, Replace, Concat and +, Join, Format, Insert,
    /// new string(c, n), numeric format widths) may produce.</summary>
    public const int MaxStringLength = 100_000;

    /// <summary>Characters all string-growing operations of one expression evaluation may produce together.</summary>
    public const int MaxCharsPerEvaluation = 1_000_000;

    /// <summary>Elements Enumerable.Range and Enumerable.Repeat may produce together in one expression evaluation.</summary>
    public const int MaxGeneratedElementsPerEvaluation = 1_000_000;
}
