using Google.Protobuf.Reflection;

namespace LedgerGrpc.Wire.Internal;

/// <summary>The services mapped in this application: for reflection and for telling an unknown service from an unknown method.</summary>
internal sealed class WireServiceRegistry
{
    private readonly List<ServiceDescriptor> _services = [];
    private readonly HashSet<string> _serviceNames = new(StringComparer.Ordinal);

    public bool UnimplementedEndpointMapped { get; set; }

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (_services)
            {
                return [.. _services];
            }
        }
    }

    public void Add(ServiceDescriptor service)
    {
        lock (_services)
        {
            if (!_serviceNames.Add(service.FullName))
            {
                throw new InvalidOperationException($"gRPC service {service.FullName} is mapped twice.");
            }

            _services.Add(service);
        }
    }

    public bool Contains(string serviceName)
    {
        lock (_services)
        {
            return _serviceNames.Contains(serviceName);
        }
    }
}
