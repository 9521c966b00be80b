namespace LedgerGrpc.Wire.Internal;

/// <summary>grpc-status header values, cached so sending a status allocates no string.</summary>
internal static class StatusHeaderValues
{
    private static readonly string[] Values = Enumerable.Range(0, 17).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static string ToHeader(StatusCode code) =>
        (uint)code < (uint)Values.Length ? Values[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
