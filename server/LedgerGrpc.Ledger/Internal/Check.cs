namespace LedgerGrpc.Ledger.Internal;

/// <summary>Input rules shared by every command, with messages naming the field.</summary>
internal static class Check
{
    public static void Required(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw LedgerException.Invalid(field, "is required");
        }

        Optional(value, field, maxLength);
    }

    public static void Optional(string? value, string field, int maxLength)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            throw LedgerException.Invalid(field, $"is {value.Length} characters long; the limit is {maxLength}");
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                throw LedgerException.Invalid(field, "contains a control character");
            }
        }
    }

    public static void Positive(long value, string field)
    {
        if (value <= 0)
        {
            throw LedgerException.Invalid(field, $"must be positive (got {value})");
        }
    }

    /// <summary>A money amount of one command: positive and at most <see cref="LedgerOptions.MaxAmountMinor"/>.</summary>
    public static void Amount(long value, string field, LedgerOptions options)
    {
        Positive(value, field);
        if (value > options.MaxAmountMinor)
        {
            throw LedgerException.Invalid(field, $"is {value}; the most one command may carry is {options.MaxAmountMinor} minor units (Ledger:MaxAmountMinor)");
        }
    }

    public static void Id(long value, string field)
    {
        if (value <= 0)
        {
            throw LedgerException.Invalid(field, $"must be a positive id (got {value})");
        }
    }

    public static void Currency(string? currency, LedgerOptions options, string field = "currency")
    {
        if (string.IsNullOrEmpty(currency))
        {
            throw LedgerException.Invalid(field, $"is required (this ledger keeps {options.Currency})");
        }

        if (!string.Equals(currency, options.Currency, StringComparison.Ordinal))
        {
            throw LedgerException.Invalid(field, $"'{Quote.Short(currency)}' is not this ledger's currency {options.Currency}");
        }
    }

    public static void Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw LedgerException.Invalid(field, "is required");
        }
    }

    /// <summary>Adds with overflow detection, reporting the field whose amount overflowed.</summary>
    public static long Add(long a, long b, string field)
    {
        try
        {
            return checked(a + b);
        }
        catch (OverflowException)
        {
            throw LedgerException.Overflow(field);
        }
    }
}
