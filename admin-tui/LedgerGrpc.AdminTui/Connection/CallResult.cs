using Grpc.Core;

namespace LedgerGrpc.AdminTui.Connection;

/// <summary>The outcome of one call, never an exception: the value, or a message a person can act on.</summary>
public sealed record CallResult<T>(T? Value, StatusCode Code, string Error)
{
    public bool Ok => Code == StatusCode.OK;

    public static CallResult<T> Success(T value) => new(value, StatusCode.OK, "");

    public static CallResult<T> Failure(StatusCode code, string error) => new(default, code, error);
}
