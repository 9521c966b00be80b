namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>The string-growing and sequence-generating operations an expression may call, checked against
/// <see cref="ExpressionLimits"/> before they allocate (PadLeft(1000000000) must fail at once, not after 2 GB). The
/// rewriter (<see cref="ExpressionRewriter"/>) calls these in place of the BCL methods; <see cref="Begin"/> starts each
/// expression evaluation's budget. The budget is per thread: an evaluation runs on one thread from start to end.</summary>
internal static class ExpressionGuards
{
    [ThreadStatic]
    private static long _chars;

    [ThreadStatic]
    private static long _elements;

    public static void Begin()
    {
        _chars = 0;
        _elements = 0;
    }

    public static string PadLeft(string s, int totalWidth) => Produced(s.PadLeft(Width(totalWidth, nameof(PadLeft))));

    public static string PadLeft(string s, int totalWidth, char paddingChar) => Produced(s.PadLeft(Width(totalWidth, nameof(PadLeft)), paddingChar));

    public static string PadRight(string s, int totalWidth) => Produced(s.PadRight(Width(totalWidth, nameof(PadRight))));

    public static string PadRight(string s, int totalWidth, char paddingChar) => Produced(s.PadRight(Width(totalWidth, nameof(PadRight)), paddingChar));

    public static string Replace(string s, string oldValue, string? newValue) => Replace(s, oldValue, newValue, StringComparison.Ordinal);

    public static string Replace(string s, string oldValue, string? newValue, StringComparison comparison)
    {
        CheckReplace(s, oldValue, newValue, start => s.IndexOf(oldValue, start, comparison));
        return Produced(s.Replace(oldValue, newValue, comparison));
    }

    public static string Replace(string s, string oldValue, string? newValue, bool ignoreCase, System.Globalization.CultureInfo? culture)
    {
        var compare = (culture ?? System.Globalization.CultureInfo.CurrentCulture).CompareInfo;
        var options = ignoreCase ? System.Globalization.CompareOptions.IgnoreCase : System.Globalization.CompareOptions.None;
        CheckReplace(s, oldValue, newValue, start => compare.IndexOf(s, oldValue, start, options));
        return Produced(s.Replace(oldValue, newValue, ignoreCase, culture));
    }

    // The result's length before it is built: one search, no allocation.
    private static void CheckReplace(string s, string oldValue, string? newValue, Func<int, int> indexOf)
    {
        ArgumentException.ThrowIfNullOrEmpty(oldValue);
        var growth = (long)(newValue?.Length ?? 0) - oldValue.Length;
        if (growth <= 0)
        {
            return;
        }

        long length = s.Length;
        for (var i = indexOf(0); i >= 0 && i + oldValue.Length <= s.Length; i = indexOf(i + oldValue.Length))
        {
            length += growth;
        }

        if (length > ExpressionLimits.MaxStringLength)
        {
            throw TooLong("Replace", length);
        }
    }

    public static string Insert(string s, int startIndex, string value)
    {
        if ((long)s.Length + value.Length > ExpressionLimits.MaxStringLength)
        {
            throw TooLong("Insert", (long)s.Length + value.Length);
        }

        return Produced(s.Insert(startIndex, value));
    }

    /// <summary>new string(c, count).</summary>
    public static string NewString(char c, int count) => Produced(new string(c, Width(count, "new string")));

    /// <summary>The result of an operation whose output is at most the sum of its inputs (Concat, +, Join, Format):
    /// checked after it is built, which costs no more than its inputs did.</summary>
    public static string Produced(string s)
    {
        if (s.Length > ExpressionLimits.MaxStringLength)
        {
            throw TooLong("a string operation", s.Length);
        }

        _chars += s.Length;
        if (_chars > ExpressionLimits.MaxCharsPerEvaluation)
        {
            throw new ExpressionLimitException(
                $"The expression built more than {ExpressionLimits.MaxCharsPerEvaluation:N0} characters of strings in one evaluation (ExpressionLimits.MaxCharsPerEvaluation)");
        }

        return s;
    }

    /// <summary>A format string: widths and precisions ("{0,1000000}", "D1000000") are capped, since they, not the
    /// inputs, decide the output's length.</summary>
    public static string? Format(string? format)
    {
        if (format is null)
        {
            return null;
        }

        var number = 0L;
        for (var i = 0; i <= format.Length; i++)
        {
            if (i < format.Length && char.IsAsciiDigit(format[i]))
            {
                number = Math.Min(number * 10 + (format[i] - '0'), int.MaxValue + 1L);
                continue;
            }

            if (number > ExpressionLimits.MaxStringLength)
            {
                throw new ExpressionLimitException(
                    $"The format '{(format.Length > 40 ? format[..40] + "…" : format)}' asks for {number:N0} characters; strings are limited to {ExpressionLimits.MaxStringLength:N0} characters (ExpressionLimits.MaxStringLength)");
            }

            number = 0;
        }

        return format;
    }

    public static IEnumerable<int> Range(int start, int count) => Enumerable.Range(start, Elements(count, nameof(Range)));

    public static IEnumerable<T> Repeat<T>(T element, int count) => Enumerable.Repeat(element, Elements(count, nameof(Repeat)));

    private static int Width(int width, string operation)
    {
        if (width > ExpressionLimits.MaxStringLength)
        {
            throw TooLong(operation, width);
        }

        return width;
    }

    private static int Elements(int count, string operation)
    {
        _elements += Math.Max(count, 0);
        if (_elements > ExpressionLimits.MaxGeneratedElementsPerEvaluation)
        {
            throw new ExpressionLimitException(
                $"Enumerable.{operation} would generate more than {ExpressionLimits.MaxGeneratedElementsPerEvaluation:N0} elements in one evaluation (ExpressionLimits.MaxGeneratedElementsPerEvaluation)");
        }

        return count;
    }

    private static ExpressionLimitException TooLong(string operation, long length) =>
        new($"{operation} would make a string of {length:N0} characters; the limit is {ExpressionLimits.MaxStringLength:N0} (ExpressionLimits.MaxStringLength)");
}
