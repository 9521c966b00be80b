namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>An http:// address on loopback where nothing listens (a port just released by the OS).</summary>
public static class UnusedLoopbackAddress
{
    public static string Create()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
