using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using LedgerGrpc.Wire.Internal;

namespace LedgerGrpc.Wire.Reflection.Internal;

/// <summary>
/// Answers reflection requests from the descriptors of the mapped services: their files, every
/// file they import (transitively), and every symbol those files define.
/// </summary>
internal sealed class ReflectionIndex(WireServiceRegistry registry)
{
    private Snapshot? _snapshot;

    public ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var snapshot = Current();
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse();
                response.ListServicesResponse.Service.AddRange(snapshot.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                if (snapshot.Files.TryGetValue(request.FileByFilename, out var file))
                {
                    response.FileDescriptorResponse = WithDependencies(file);
                }
                else
                {
                    response.ErrorResponse = NotFound($"File not found: {request.FileByFilename}");
                }

                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                var symbol = request.FileContainingSymbol.TrimStart('.');
                if (snapshot.Symbols.TryGetValue(symbol, out var owner))
                {
                    response.FileDescriptorResponse = WithDependencies(owner);
                }
                else
                {
                    response.ErrorResponse = NotFound($"Symbol not found: {symbol}");
                }

                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var type = request.AllExtensionNumbersOfType.TrimStart('.');
                if (snapshot.Messages.TryGetValue(type, out var message))
                {
                    // Only proto2 messages declare extension ranges; none of the mapped files extends them.
                    response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = message.FullName };
                }
                else
                {
                    response.ErrorResponse = NotFound($"Type not found: {type}");
                }

                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                response.ErrorResponse = NotFound(
                    $"Extension not found: {request.FileContainingExtension.ContainingType} field {request.FileContainingExtension.ExtensionNumber}");
                break;
            default:
                response.ErrorResponse = new ErrorResponse { ErrorCode = (int)StatusCode.InvalidArgument, ErrorMessage = "The reflection request names no known request kind." };
                break;
        }

        return response;
    }

    private static ErrorResponse NotFound(string message) => new() { ErrorCode = (int)StatusCode.NotFound, ErrorMessage = message };

    /// <summary>The file first, then every file it imports, each once.</summary>
    private static FileDescriptorResponse WithDependencies(FileDescriptor file)
    {
        var response = new FileDescriptorResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>([file]);
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next.Name))
            {
                continue;
            }

            response.FileDescriptorProto.Add(next.SerializedData);
            foreach (var dependency in next.Dependencies)
            {
                pending.Enqueue(dependency);
            }
        }

        return response;
    }

    private Snapshot Current()
    {
        var services = registry.Services;
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.ServiceNames.Count != services.Count)
        {
            // Services are mapped at start-up; rebuilding if one was mapped later keeps answers complete.
            snapshot = new Snapshot(services);
            _snapshot = snapshot;
        }

        return snapshot;
    }

    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<ServiceDescriptor> services)
        {
            ServiceNames = services.Select(s => s.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
            foreach (var service in services)
            {
                AddFile(service.File);
            }
        }

        public List<string> ServiceNames { get; }

        public Dictionary<string, FileDescriptor> Files { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, FileDescriptor> Symbols { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, MessageDescriptor> Messages { get; } = new(StringComparer.Ordinal);

        private void AddFile(FileDescriptor file)
        {
            if (!Files.TryAdd(file.Name, file))
            {
                return;
            }

            if (!string.IsNullOrEmpty(file.Package))
            {
                Symbols.TryAdd(file.Package, file);
            }

            foreach (var service in file.Services)
            {
                Symbols.TryAdd(service.FullName, file);
                foreach (var method in service.Methods)
                {
                    Symbols.TryAdd(method.FullName, file);
                }
            }

            foreach (var message in file.MessageTypes)
            {
                AddMessage(message, file);
            }

            foreach (var enumType in file.EnumTypes)
            {
                Symbols.TryAdd(enumType.FullName, file);
            }

            foreach (var dependency in file.Dependencies)
            {
                AddFile(dependency);
            }
        }

        private void AddMessage(MessageDescriptor message, FileDescriptor file)
        {
            Symbols.TryAdd(message.FullName, file);
            Messages.TryAdd(message.FullName, message);
            foreach (var nested in message.NestedTypes)
            {
                AddMessage(nested, file);
            }

            foreach (var enumType in message.EnumTypes)
            {
                Symbols.TryAdd(enumType.FullName, file);
            }
        }
    }
}
