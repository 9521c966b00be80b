using LedgerGrpc.Wire.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LedgerGrpc.Wire.Internal;

/// <summary>
/// Answers gRPC requests for paths no mapped method matches: HTTP 200, trailers-only,
/// grpc-status 12. It only matches gRPC requests, so other endpoints' 404s are untouched.
/// </summary>
internal static class UnimplementedEndpoint
{
    public const string Pattern = "{**grpcUnimplementedPath}";

    public static RequestDelegate Create(WireServiceRegistry registry) => http =>
    {
        var path = http.Request.Path.Value ?? "";
        var slash = path.IndexOf('/', 1);
        var service = slash > 1 ? path[1..slash] : path.TrimStart('/');
        var detail = registry.Contains(service)
            ? $"Method is unimplemented: {path}."
            : $"Service is unimplemented: {service}.";
        CallGate.WriteTrailersOnly(http, StatusCode.Unimplemented, detail);
        return Task.CompletedTask;
    };

    /// <summary>Matches only requests with a gRPC content type.</summary>
    public sealed class GrpcContentTypeConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            httpContext is not null && GrpcHeaders.IsGrpcContentType(httpContext.Request.ContentType);
    }
}
