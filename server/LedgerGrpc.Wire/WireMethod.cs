using Google.Protobuf.Reflection;

namespace LedgerGrpc.Wire;

/// <summary>A bound proto method, as interceptors and logs see it.</summary>
public sealed class WireMethod
{
    internal WireMethod(MethodDescriptor descriptor)
    {
        Descriptor = descriptor;
        ServiceName = descriptor.Service.FullName;
        Name = descriptor.Name;
        FullName = $"/{ServiceName}/{Name}";
        Kind = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodKind.Unary,
            (true, false) => MethodKind.ClientStreaming,
            (false, true) => MethodKind.ServerStreaming,
            (true, true) => MethodKind.DuplexStreaming,
        };
    }

    /// <summary>"/package.Service/Method", the HTTP/2 :path.</summary>
    public string FullName { get; }

    public string ServiceName { get; }

    public string Name { get; }

    public MethodKind Kind { get; }

    public MethodDescriptor Descriptor { get; }

    public override string ToString() => FullName;
}
