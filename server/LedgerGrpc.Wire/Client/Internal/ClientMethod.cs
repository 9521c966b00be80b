using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>What a call needs from a protobuf method descriptor: its path and the response parser.</summary>
internal sealed class ClientMethod<TResponse>(WireMethod method, MessageParser<TResponse> parser)
    where TResponse : class, IMessage<TResponse>
{
    // Checked once per method, request type and call kind; later calls reuse the path string.
    private static readonly ConcurrentDictionary<(MethodDescriptor, Type, MethodKind), ClientMethod<TResponse>> Cache = new();

    /// <summary>"/package.Service/Method".</summary>
    public string Path => method.FullName;

    public MessageParser<TResponse> Parser { get; } = parser;

    public static ClientMethod<TResponse> For<TRequest>(MethodDescriptor descriptor, MethodKind kind)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var key = (descriptor, typeof(TRequest), kind);
        return Cache.TryGetValue(key, out var cached) ? cached : Cache.GetOrAdd(key, Create<TRequest>(descriptor, kind));
    }

    private static ClientMethod<TResponse> Create<TRequest>(MethodDescriptor descriptor, MethodKind kind)
    {
        var method = new WireMethod(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"Method {method} takes {descriptor.InputType.FullName} and returns {descriptor.OutputType.FullName}, not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(descriptor));
        }

        if (method.Kind != kind)
        {
            throw new ArgumentException($"Method {method} is a {method.Kind} method, not {kind}; use the matching call method.", nameof(descriptor));
        }

        return new ClientMethod<TResponse>(method, (MessageParser<TResponse>)descriptor.OutputType.Parser);
    }
}
