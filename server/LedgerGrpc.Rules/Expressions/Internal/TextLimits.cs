namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>Checks an expression text against <see cref="ExpressionLimits.MaxExpressionLength"/> and
/// <see cref="ExpressionLimits.MaxNestingDepth"/> before it reaches the (recursive) parser; brackets inside string and
/// character literals do not count.</summary>
internal static class TextLimits
{
    /// <summary>The diagnostic for a text over a limit, or null when it is within them.</summary>
    public static ExpressionDiagnostic? Check(string text)
    {
        if (text.Length > ExpressionLimits.MaxExpressionLength)
        {
            return new ExpressionDiagnostic(
                ExpressionLimits.MaxExpressionLength + 1,
                text.Length - ExpressionLimits.MaxExpressionLength,
                $"The expression is {text.Length:N0} characters long; the limit is {ExpressionLimits.MaxExpressionLength:N0} characters (ExpressionLimits.MaxExpressionLength)");
        }

        var depth = 0;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(' or '[' or '{':
                    if (++depth > ExpressionLimits.MaxNestingDepth)
                    {
                        return new ExpressionDiagnostic(
                            i + 1,
                            1,
                            $"The expression nests brackets more than {ExpressionLimits.MaxNestingDepth} deep (ExpressionLimits.MaxNestingDepth)");
                    }

                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }

        return null;
    }
}
