using Google.Protobuf.Reflection;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>Every RPC of every ledger.v1 service, found by reflection over the generated descriptors (so a new one is found too).</summary>
internal static class LedgerRpcs
{
    public static IReadOnlyList<MethodDescriptor> All { get; } = typeof(CustomerLedger).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .Select(p => (FileDescriptor)p!.GetValue(null)!)
        .SelectMany(f => f.Services)
        .SelectMany(s => s.Methods)
        .OrderBy(m => m.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>"ledger.v1.Rules/PublishWorkflow".</summary>
    public static string Name(MethodDescriptor method) => $"{method.Service.FullName}/{method.Name}";

    public static string Kind(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => "unary",
        (true, false) => "client_stream",
        (false, true) => "server_stream",
        _ => "duplex",
    };
}
