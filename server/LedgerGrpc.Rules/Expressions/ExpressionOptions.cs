namespace LedgerGrpc.Rules.Expressions;

/// <summary>Binding options. Names (parameters, members) are case-insensitive unless <paramref name="CaseSensitive"/>;
/// <paramref name="CustomTypes"/> are host types whose public static methods expressions may call (e.g. <c>Utils.Check(x)</c>).</summary>
public sealed record ExpressionOptions(bool CaseSensitive = false, IReadOnlyList<Type>? CustomTypes = null);
