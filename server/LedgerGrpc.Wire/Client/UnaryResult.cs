namespace LedgerGrpc.Wire.Client;

/// <summary>A unary call's response with the metadata that came with it.</summary>
public sealed record UnaryResult<TResponse>(TResponse Response, Metadata ResponseHeaders, Metadata Trailers);
