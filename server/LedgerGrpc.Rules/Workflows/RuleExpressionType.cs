namespace LedgerGrpc.Rules.Workflows;

/// <summary>RulesEngine's only expression kind; accepted as "LambdaExpression" or 0 in JSON.</summary>
public enum RuleExpressionType
{
    LambdaExpression = 0,
}
