namespace LedgerGrpc.Rules.Expressions;

/// <summary>The helper RulesEngine registers for every expression (<c>ExpressionUtils.CheckContains(x, "a,b,c")</c>):
/// workflows written for RulesEngine call it by this name, so it has to exist here with the same behaviour.</summary>
public static class ExpressionUtils
{
    /// <summary>True when <paramref name="check"/> is one of the comma-separated <paramref name="valList"/> (exact match).</summary>
    public static bool CheckContains(string check, string valList)
    {
        if (string.IsNullOrEmpty(check) || string.IsNullOrEmpty(valList))
        {
            return false;
        }

        return valList.Split(',').Contains(check, StringComparer.Ordinal);
    }
}
