using System.Text;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Caller input quoted in an error message: at most a short prefix, control and non-ASCII
/// characters escaped, so a 100 KB value never comes back inside a status message (whose
/// metadata limit would turn INVALID_ARGUMENT into RESOURCE_EXHAUSTED).
/// </summary>
public static class Quote
{
    public const int MaxChars = 40;

    public static string Short(string? value, int max = MaxChars)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(value.Length, max) + 16);
        var i = 0;
        for (; i < value.Length && i < max; i++)
        {
            var c = value[i];
            if (c is >= ' ' and <= '~' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(c == '\\' ? "\\\\" : $"\\u{(int)c:x4}");
            }
        }

        if (i < value.Length)
        {
            builder.Append($"... ({value.Length} chars)");
        }

        return builder.ToString();
    }
}
