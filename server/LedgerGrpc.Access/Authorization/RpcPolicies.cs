using System.Collections.Frozen;
using static LedgerGrpc.Access.Authorization.LedgerPolicies;

namespace LedgerGrpc.Access.Authorization;

/// <summary>
/// Every RPC's policy, in one table ("package.Service/Method"), enforced for every endpoint by
/// <see cref="RpcRequirement"/>. An RPC missing here is refused to everyone, and a test walks the
/// generated descriptors so a new RPC without a line here fails the tests. grpc.health.v1.Health
/// is anonymous; server reflection needs any valid principal.
/// </summary>
public static class RpcPolicies
{
    public static IReadOnlyDictionary<string, string> Table { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ledger.v1.CustomerLedger/CreateCustomer"] = WriteLedger,
        ["ledger.v1.CustomerLedger/GetCustomer"] = ReadProfiles,
        ["ledger.v1.CustomerLedger/UpdateCustomer"] = WriteLedger,
        ["ledger.v1.CustomerLedger/ListCustomers"] = ReadProfiles,
        ["ledger.v1.CustomerLedger/ArchiveCustomer"] = WriteLedger,
        ["ledger.v1.CustomerLedger/RecordTransaction"] = WriteLedger,
        ["ledger.v1.CustomerLedger/RecordTransactions"] = WriteLedger,
        ["ledger.v1.CustomerLedger/ListTransactions"] = ReadFinancial,
        ["ledger.v1.CustomerLedger/IssueInvoice"] = WriteLedger,
        ["ledger.v1.CustomerLedger/RecordPayment"] = WriteLedger,
        ["ledger.v1.CustomerLedger/WriteOffInvoice"] = WriteLedger,
        ["ledger.v1.CustomerLedger/ListInvoices"] = ReadFinancial,
        ["ledger.v1.CustomerLedger/GetReceivables"] = ReadFinancial,
        ["ledger.v1.CustomerLedger/SetCreditLimit"] = WriteLedger,
        ["ledger.v1.CustomerLedger/GetCredit"] = ReadFinancial,
        ["ledger.v1.CustomerLedger/AddNote"] = WriteNotes,
        ["ledger.v1.CustomerLedger/ListNotes"] = ReadProfiles,
        ["ledger.v1.CustomerLedger/ImportCustomers"] = WriteLedger,
        ["ledger.v1.CustomerLedger/ExportCustomers"] = ReadProfiles,
        ["ledger.v1.CustomerLedger/FindDuplicates"] = ReadProfiles,
        ["ledger.v1.CustomerLedger/MergeCustomers"] = WriteLedger,
        ["ledger.v1.CustomerLedger/Backup"] = AdminOnly,

        ["ledger.v1.Segments/Classify"] = ReadProfiles,
        ["ledger.v1.Segments/ClassifyBatch"] = ReadProfiles,
        ["ledger.v1.Segments/Evaluate"] = ReadProfiles,
        ["ledger.v1.Segments/Explain"] = ReadProfiles,
        ["ledger.v1.Segments/ListDimensions"] = ReadProfiles,
        ["ledger.v1.Segments/GetDistribution"] = ReadProfiles,
        ["ledger.v1.Segments/ListMembers"] = ReadProfiles,
        ["ledger.v1.Segments/GetHistory"] = ReadProfiles,
        ["ledger.v1.Segments/GetTransitions"] = ReadProfiles,
        ["ledger.v1.Segments/WatchChanges"] = ReadProfiles,
        ["ledger.v1.Segments/UpsertCategory"] = ManageRules,
        ["ledger.v1.Segments/ListCategories"] = ReadProfiles,
        ["ledger.v1.Segments/AssignCategory"] = ManageRules,
        ["ledger.v1.Segments/SetOverride"] = ManageRules,
        ["ledger.v1.Segments/ClearOverride"] = ManageRules,
        ["ledger.v1.Segments/ListOverrides"] = ReadProfiles,

        ["ledger.v1.Rules/ListWorkflows"] = ReadRules,
        ["ledger.v1.Rules/GetWorkflow"] = ReadRules,
        ["ledger.v1.Rules/ValidateWorkflow"] = ReadRules,
        ["ledger.v1.Rules/TestWorkflow"] = ReadRules,
        ["ledger.v1.Rules/PreviewWorkflow"] = ReadRules,
        ["ledger.v1.Rules/PublishWorkflow"] = ManageRules,
        ["ledger.v1.Rules/ListVersions"] = ReadRules,
        ["ledger.v1.Rules/RollbackWorkflow"] = ManageRules,
        ["ledger.v1.Rules/DeleteWorkflow"] = ManageRules,
        ["ledger.v1.Rules/GetReclassification"] = ReadRules,

        ["ledger.v1.Plugins/ListPlugins"] = ReadPlugins,
        ["ledger.v1.Plugins/GetPlugin"] = ReadPlugins,
        ["ledger.v1.Plugins/WatchPlugins"] = ReadPlugins,
        ["ledger.v1.Plugins/ApprovePlugin"] = AdminOnly,
        ["ledger.v1.Plugins/ReloadPlugin"] = ManagePlugins,
        ["ledger.v1.Plugins/DisablePlugin"] = ManagePlugins,
        ["ledger.v1.Plugins/EnablePlugin"] = ManagePlugins,

        ["ledger.v1.Operations/GetServerStats"] = ReadOperations,
        ["ledger.v1.Operations/ListJobs"] = ReadOperations,
        ["ledger.v1.Operations/GetJob"] = ReadOperations,
        ["ledger.v1.Operations/WatchJob"] = ReadOperations,
        ["ledger.v1.Operations/WatchJobs"] = ReadOperations,

        ["ledger.v1.Access/CreateApiKey"] = AdminOnly,
        ["ledger.v1.Access/ListApiKeys"] = AdminOnly,
        ["ledger.v1.Access/RevokeApiKey"] = AdminOnly,
        ["ledger.v1.Access/ListAuditEntries"] = ReadAudit,
    };

    // "/package.Service/Method" → roles, built once: the per-call check is one lookup.
    private static readonly FrozenDictionary<string, string[]> RolesByPath = Table.ToFrozenDictionary(
        e => "/" + e.Key, e => LedgerPolicies.Roles[e.Value], StringComparer.Ordinal);

    /// <summary>The policy for an RPC such as "ledger.v1.Rules/PublishWorkflow" (leading slash optional); Unassigned when the table has none.</summary>
    public static string For(string rpc) => Table.TryGetValue(rpc.TrimStart('/'), out var policy) ? policy : Unassigned;

    /// <summary>The roles that may call the RPC at <paramref name="path"/> ("/package.Service/Method"); none when it is not in the table.</summary>
    public static IReadOnlyList<string> RolesFor(string path) => RolesByPath.TryGetValue(path, out var roles) ? roles : [];

    public static bool Allows(string path, string? role) =>
        role is not null && RolesByPath.TryGetValue(path, out var roles) && Array.IndexOf(roles, role) >= 0;
}
