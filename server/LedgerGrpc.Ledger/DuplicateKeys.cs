using System.Globalization;
using System.Text;

namespace LedgerGrpc.Ledger;

/// <summary>
/// Normalised forms used to spot the same customer entered twice: names compared after
/// full-width → half-width, case folding, dropping punctuation/whitespace and company suffixes
/// such as 有限公司 or "Co., Ltd."; phones by digits (without a +86 prefix); emails lower-cased.
/// </summary>
public static class DuplicateKeys
{
    // Longest first so "股份有限公司" is removed before "有限公司".
    private static readonly string[] Suffixes =
    [
        "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司",
        "corporation", "company", "limited", "coltd", "corp", "inc", "ltd", "llc", "gmbh", "co",
    ];

    public static string Name(string name)
    {
        var text = Narrow(name).ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || category == UnicodeCategory.OtherLetter)
            {
                builder.Append(c);
            }
        }

        var key = builder.ToString();
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var suffix in Suffixes)
            {
                if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
                {
                    key = key[..^suffix.Length];
                    stripped = true;
                    break;
                }
            }
        }

        return key;
    }

    public static string Phone(string phone)
    {
        var digits = new string(Narrow(phone).Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        return digits;
    }

    public static string Email(string email) => Narrow(email).Trim().ToLowerInvariant();

    /// <summary>
    /// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to their half-width
    /// equivalents. Done by hand: the server runs with invariant globalization, where
    /// string.Normalize(FormKC) leaves non-ASCII text alone.
    /// </summary>
    public static string Narrow(string text)
    {
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    _ => c,
                };
            }
        });
    }
}
