namespace LedgerGrpc.Access.Keys;

public static class ApiKeyDefaults
{
    /// <summary>The authentication scheme (and identity type) of API keys.</summary>
    public const string AuthenticationType = "ApiKey";
}
