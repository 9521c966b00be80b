using System.Reflection;
using Google.Protobuf.Reflection;

namespace LedgerGrpc.Wire.Internal;

/// <summary>
/// Binds each method of a protoc ServiceDescriptor, by name, to a public instance method of the
/// implementation with the matching grpc-dotnet shape. Every problem is reported at once, at
/// start-up, naming the method and the exact signature expected.
/// </summary>
internal static class ServiceBinder
{
    public static IReadOnlyList<MethodBinding> Bind(Type serviceType, ServiceDescriptor service, ServerRuntime runtime)
    {
        var bindings = new List<MethodBinding>();
        var problems = new List<string>();
        foreach (var descriptor in service.Methods)
        {
            var method = new WireMethod(descriptor);
            var request = descriptor.InputType.ClrType;
            var response = descriptor.OutputType.ClrType;
            if (request is null || response is null)
            {
                problems.Add($"{method.FullName}: its message types have no generated C# classes (use the descriptor from protoc-generated code).");
                continue;
            }

            var (returnType, parameters) = ExpectedShape(method.Kind, request, response);
            var candidates = serviceType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name == descriptor.Name)
                .ToList();
            var handler = candidates.FirstOrDefault(m =>
                m.ReturnType == returnType
                && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters));
            if (handler is null)
            {
                var expected = Format(returnType, descriptor.Name, parameters);
                problems.Add(candidates.Count == 0
                    ? $"{method.FullName} ({method.Kind}): {serviceType.Name} has no public method '{descriptor.Name}'. Expected: {expected}"
                    : $"{method.FullName} ({method.Kind}): {serviceType.Name}.{descriptor.Name} has the wrong shape: found {string.Join("; ", candidates.Select(c => Format(c.ReturnType, c.Name, c.GetParameters().Select(p => p.ParameterType).ToArray())))}. Expected: {expected}");
                continue;
            }

            var bindingType = typeof(TypedMethodBinding<,,>).MakeGenericType(serviceType, request, response);
            bindings.Add((MethodBinding)Activator.CreateInstance(bindingType, method, runtime, handler)!);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot map {serviceType.Name} to gRPC service {service.FullName}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return bindings;
    }

    private static (Type ReturnType, Type[] Parameters) ExpectedShape(MethodKind kind, Type request, Type response)
    {
        var context = typeof(ServerCallContext);
        var reader = typeof(IAsyncStreamReader<>).MakeGenericType(request);
        var writer = typeof(IServerStreamWriter<>).MakeGenericType(response);
        var task = typeof(Task);
        var taskOfResponse = typeof(Task<>).MakeGenericType(response);
        return kind switch
        {
            MethodKind.Unary => (taskOfResponse, [request, context]),
            MethodKind.ServerStreaming => (task, [request, writer, context]),
            MethodKind.ClientStreaming => (taskOfResponse, [reader, context]),
            _ => (task, [reader, writer, context]),
        };
    }

    private static string Format(Type returnType, string name, IEnumerable<Type> parameters) =>
        $"{Name(returnType)} {name}({string.Join(", ", parameters.Select(Name))})";

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;
}
