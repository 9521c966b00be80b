namespace LedgerGrpc.Rules.Expressions;

/// <summary>Base of the classes generated for JSON inputs and <c>new (x as A, ...)</c> results, one class per shape
/// (member names and types), as RulesEngine does through Dynamic.Core. Members are public fields; an expression reading
/// a member the shape lacks gets null (typed object), matching RulesEngine's indexer fallback.</summary>
public abstract class DynamicShape
{
}
