using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace LedgerGrpc.Bench.Grpc;

/// <summary>
/// One Kestrel h2c endpoint serving the Grpc.AspNetCore Greeter (/bench.v1.Greeter/SayHello) and the bare one.
/// Every response's grpc-status is counted (h2load only checks HTTP 200); GET /stats reports them.
/// </summary>
public static class BenchServer
{
    private static long _grpcOk;
    private static long _grpcFailed;
    private static long _bareOk;
    private static long _bareFailed;

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();

        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            await next(http);
            var bare = http.Request.Path.StartsWithSegments("/bare.v1.Greeter");
            var status = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString() is { Length: > 0 } trailer
                ? trailer
                : http.Response.Headers["grpc-status"].ToString();
            if (http.Request.Path.StartsWithSegments("/stats"))
            {
                return;
            }

            var ok = status == "0";
            Interlocked.Increment(ref bare ? ref (ok ? ref _bareOk : ref _bareFailed) : ref (ok ? ref _grpcOk : ref _grpcFailed));
        });
        app.MapGrpcService<GreeterService>();
        app.Map(BareGreeterEndpoint.Path, BareGreeterEndpoint.HandleAsync);
        app.MapGet("/stats", () =>
            $"grpc ok={Interlocked.Read(ref _grpcOk)} failed={Interlocked.Read(ref _grpcFailed)}\n" +
            $"bare ok={Interlocked.Read(ref _bareOk)} failed={Interlocked.Read(ref _bareFailed)}\n");
        await app.StartAsync();
        var address = app.Urls.First();
        await Console.Out.WriteLineAsync($"listening on {address}");
        await app.WaitForShutdownAsync();
    }
}
