namespace LedgerGrpc.Rules.Expressions;

/// <summary>Binding options. Names (parameters, members) are case-insensitive unless <paramref name="CaseSensitive"/>;
/// <paramref name="CustomTypes"/> are host types whose public static methods expressions may call (e.g. <c>Utils.Check(x)</c>).
/// <paramref name="StrictShapeMembers"/> makes an unknown member of a JSON input an error instead of null (validation uses it).
/// <paramref name="Clock"/> answers DateTime.Now / UtcNow / Today (the system clock when null).</summary>
public sealed record ExpressionOptions(
    bool CaseSensitive = false,
    IReadOnlyList<Type>? CustomTypes = null,
    bool StrictShapeMembers = false,
    TimeProvider? Clock = null);
