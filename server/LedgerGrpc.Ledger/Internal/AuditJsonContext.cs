using System.Text.Json.Serialization;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Internal;

/// <summary>Source-generated JSON for audit before/after snapshots (no reflection on the hot path).</summary>
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(Transaction))]
[JsonSerializable(typeof(Invoice))]
[JsonSerializable(typeof(Payment))]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(CreditLimit))]
[JsonSerializable(typeof(MergeRecord))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
