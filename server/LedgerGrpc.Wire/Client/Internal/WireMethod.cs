using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>What a call needs from a protobuf method descriptor: its path and the response parser.</summary>
internal sealed class WireMethod<TResponse>(string path, MessageParser<TResponse> parser)
    where TResponse : class, IMessage<TResponse>
{
    public string Path { get; } = path;

    public MessageParser<TResponse> Parser { get; } = parser;

    // Checked once per method, request type and call kind; later calls reuse the path string.
    private static readonly ConcurrentDictionary<(MethodDescriptor, Type, bool, bool), WireMethod<TResponse>> Cache = new();

    public static WireMethod<TResponse> For<TRequest>(MethodDescriptor method, bool clientStreaming, bool serverStreaming)
    {
        ArgumentNullException.ThrowIfNull(method);
        return Cache.TryGetValue((method, typeof(TRequest), clientStreaming, serverStreaming), out var cached)
            ? cached
            : Cache.GetOrAdd((method, typeof(TRequest), clientStreaming, serverStreaming), Create<TRequest>(method, clientStreaming, serverStreaming));
    }

    private static WireMethod<TResponse> Create<TRequest>(MethodDescriptor method, bool clientStreaming, bool serverStreaming)
    {
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"Method {method.FullName} takes {method.InputType.FullName} and returns {method.OutputType.FullName}, not {typeof(TRequest).Name} and {typeof(TResponse).Name}.",
                nameof(method));
        }

        if (method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new ArgumentException(
                $"Method {method.FullName} is {Kind(method.IsClientStreaming, method.IsServerStreaming)}, not {Kind(clientStreaming, serverStreaming)}; use the matching call method.",
                nameof(method));
        }

        return new WireMethod<TResponse>("/" + method.Service.FullName + "/" + method.Name, (MessageParser<TResponse>)method.OutputType.Parser);
    }

    private static string Kind(bool clientStreaming, bool serverStreaming) => (clientStreaming, serverStreaming) switch
    {
        (false, false) => "unary",
        (false, true) => "server streaming",
        (true, false) => "client streaming",
        (true, true) => "bidirectional streaming",
    };
}
