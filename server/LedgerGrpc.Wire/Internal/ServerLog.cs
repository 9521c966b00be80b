using Microsoft.Extensions.Logging;

namespace LedgerGrpc.Wire.Internal;

internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Handler for {Method} threw an exception.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Call {Method} ended with status {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(3, LogLevel.Debug, "Call {Method} was cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "Call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "Refused {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Ignoring malformed grpc-timeout '{Value}' on {Method}.")]
    public static partial void BadTimeout(ILogger logger, string value, string method);
}
