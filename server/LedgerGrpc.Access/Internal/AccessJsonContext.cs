using System.Text.Json.Serialization;

namespace LedgerGrpc.Access;

[JsonSerializable(typeof(List<Dictionary<string, string>>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AccessJsonContext : JsonSerializerContext;
