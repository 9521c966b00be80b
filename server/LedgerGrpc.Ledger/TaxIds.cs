namespace LedgerGrpc.Ledger;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet, the last a check character.</summary>
public static class TaxIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string code)
    {
        if (code.Length != 18)
        {
            return false;
        }

        var check = CheckCharacter(code.AsSpan(0, 17));
        return check is not null && code[17] == check;
    }

    /// <summary>The check character for the first 17 characters, or null if one is outside the alphabet.</summary>
    public static char? CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                return null;
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>Completes 17 valid characters with their check character.</summary>
    public static string Complete(string first17) =>
        first17 + (CheckCharacter(first17) ?? throw new ArgumentException("Characters outside the code alphabet.", nameof(first17)));
}
