using System.Globalization;
using System.Text;
using LedgerGrpc.Classification.Engine;

namespace LedgerGrpc.Server.Services.Classification;

/// <summary>
/// ListMembers' page token: where the next page starts. Id order without a filter keeps the plain last id (the token
/// clients had before orders existed); any other query's token carries the query it was issued for and the last
/// member's position, so a token is refused when replayed with another order or filter instead of giving a wrong page.
/// </summary>
internal static class MemberPageToken
{
    private const string Prefix = "m1|";

    public static string Encode(MemberOrder order, bool descending, string filter, MemberPosition last)
    {
        if (IsPlain(order, descending, filter)) return last.Id.ToString(CultureInfo.InvariantCulture);
        var text = string.Join('|', Prefix[..^1], (int)order, descending ? 1 : 0, last.Id, last.Number, Escape(filter), last.Text);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The position the token stands for, or null when it was not issued for this query.</summary>
    public static MemberPosition? Decode(string token, MemberOrder order, bool descending, string filter)
    {
        if (IsPlain(order, descending, filter))
        {
            return long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? new MemberPosition(id, 0, "") : null;
        }

        string text;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
        }
        catch (FormatException)
        {
            return null;
        }

        // The filter is escaped (a '|' becomes "\p") so that splitting finds the fields; the name, last, may hold anything.
        var parts = text.Split('|', 7);
        return parts.Length == 7 && parts[0] + "|" == Prefix
            && parts[1] == ((int)order).ToString(CultureInfo.InvariantCulture) && parts[2] == (descending ? "1" : "0")
            && long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var lastId)
            && long.TryParse(parts[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && parts[5] == Escape(filter)
            ? new MemberPosition(lastId, number, parts[6])
            : null;
    }

    private static bool IsPlain(MemberOrder order, bool descending, string filter) => order == MemberOrder.Id && !descending && filter.Length == 0;

    private static string Escape(string filter) => filter.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\p", StringComparison.Ordinal);
}
