using static LedgerGrpc.Access.LedgerRoles;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// The policies and the roles each admits: the roles table of docs/security.md and the README.
/// Which RPC needs which policy is <see cref="RpcPolicies"/>.
/// </summary>
public static class LedgerPolicies
{
    /// <summary>Customer profiles, contacts, notes, segments, exports (sales sees them without financial fields).</summary>
    public const string ReadProfiles = "ReadProfiles";

    /// <summary>Contact notes.</summary>
    public const string WriteNotes = "WriteNotes";

    /// <summary>Customers, purchases, invoices, payments, credit limits, imports, merges.</summary>
    public const string WriteLedger = "WriteLedger";

    /// <summary>Transactions, invoices, receivables, credit.</summary>
    public const string ReadFinancial = "ReadFinancial";

    /// <summary>Workflows, versions, validation, tests, previews, reclassification jobs.</summary>
    public const string ReadRules = "ReadRules";

    /// <summary>Publish, roll back, delete workflows; categories and manual overrides.</summary>
    public const string ManageRules = "ManageRules";

    /// <summary>Plugin status, dimensions and counters, and the status stream.</summary>
    public const string ReadPlugins = "ReadPlugins";

    /// <summary>Reloading, disabling and enabling plugins (approving a new build is AdminOnly).</summary>
    public const string ManagePlugins = "ManagePlugins";

    /// <summary>Server statistics and re-classification jobs (ledger.v1.Operations).</summary>
    public const string ReadOperations = "ReadOperations";

    /// <summary>Approving plugins, API keys, backups.</summary>
    public const string AdminOnly = "AdminOnly";

    /// <summary>The audit log.</summary>
    public const string ReadAudit = "ReadAudit";

    /// <summary>An RPC nobody has assigned a policy yet: refused to everyone until it gets one.</summary>
    public const string Unassigned = "Unassigned";

    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ReadProfiles] = [Admin, Operator, Service, Sales, Auditor],
        [WriteNotes] = [Admin, Service, Sales],
        [WriteLedger] = [Admin, Service],
        [ReadFinancial] = [Admin, Operator, Service, Auditor],
        [ReadRules] = [Admin, Operator, Auditor],
        [ManageRules] = [Admin, Operator],
        [ReadPlugins] = [Admin, Operator, Auditor],
        [ManagePlugins] = [Admin, Operator],
        [ReadOperations] = [Admin, Operator, Auditor],
        [AdminOnly] = [Admin],
        [ReadAudit] = [Admin, Auditor],
    };
}
