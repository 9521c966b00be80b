namespace LedgerGrpc.Access;

/// <summary>
/// The five roles. What each may call is in <see cref="Authorization.RpcPolicies"/> (one table) and
/// docs/security.md; a principal has exactly one role.
/// </summary>
public static class LedgerRoles
{
    /// <summary>Everything, including keys and plugin approval.</summary>
    public const string Admin = "admin";

    /// <summary>Rules, overrides, plugins and reads.</summary>
    public const string Operator = "operator";

    /// <summary>Ledger writes and reads, classify, watch; may act on behalf of a person (x-ledger-actor).</summary>
    public const string Service = "service";

    /// <summary>Customer profiles, contacts, notes and segments; no financial data.</summary>
    public const string Sales = "sales";

    /// <summary>Read-only everything, and the audit log.</summary>
    public const string Auditor = "auditor";

    public static IReadOnlyList<string> All { get; } = [Admin, Operator, Service, Sales, Auditor];

    public static bool IsRole(string? value) => value is not null && All.Contains(value, StringComparer.Ordinal);

    /// <summary>The role's canonical name, or null: names are case-insensitive on input.</summary>
    public static string? Parse(string? value) =>
        All.FirstOrDefault(r => string.Equals(r, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
