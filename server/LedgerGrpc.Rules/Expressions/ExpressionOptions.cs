namespace LedgerGrpc.Rules.Expressions;

/// <summary>Binding options, RulesEngine's ReSettings as the parser sees them. Names (parameters, members, keywords)
/// are case-insensitive unless <paramref name="CaseSensitive"/> (IsExpressionCaseSensitive). <paramref name="CustomTypes"/>
/// are host types expressions may use by name (ReSettings.CustomTypes, e.g. <c>Utils.Check(x)</c>; plugins register
/// their helpers here); the input types are registered too, as RulesEngine's AutoRegisterInputType does.
/// <paramref name="StrictShapeMembers"/> makes an unknown member of a JSON input an error instead of null (validation
/// uses it). <paramref name="Clock"/> answers DateTime.Now / UtcNow / Today (the system clock when null).
/// <paramref name="CustomCallFailed"/> is told of each exception leaving a custom type's static method
/// (WorkflowSettings.CustomCallFailed). <paramref name="RegisterInputTypes"/> false keeps the input types out of the
/// parser's type provider (ReSettings.AutoRegisterInputType = false). <paramref name="ParseErrorsAsDefault"/> makes a
/// parse error a constant, false for a bool result and null otherwise, as RulesEngine does with
/// EnableExceptionAsErrorMessageForRuleExpressionParsing = false.</summary>
public sealed record ExpressionOptions(
    bool CaseSensitive = false,
    IReadOnlyList<Type>? CustomTypes = null,
    bool StrictShapeMembers = false,
    TimeProvider? Clock = null,
    Action<System.Reflection.MethodInfo, Exception>? CustomCallFailed = null,
    bool RegisterInputTypes = true,
    bool ParseErrorsAsDefault = false);
