namespace LedgerGrpc.Access;

/// <summary>Settings bound from the "Access" configuration section (see docs/security.md).</summary>
public sealed class AccessOptions
{
    /// <summary>How often keys changed by another process (the CLI) are reread; changes through the API apply at once.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Where the first start writes the admin key; empty: &lt;data-dir&gt;/admin.key.</summary>
    public string AdminKeyFile { get; set; } = "";

    /// <summary>Refused calls are counted in memory and written as one audit entry per interval.</summary>
    public TimeSpan RefusedCallSummaryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// BENCHMARKS ONLY: skip authentication, authorization and rate limits; every call runs as the admin-like
    /// <see cref="LedgerPrincipal.UnauthenticatedBenchmark"/> principal. Measures what security costs per call
    /// ("side by side with and without keys"). The server logs a warning and refuses to start unless every endpoint
    /// is a loopback address.
    /// </summary>
    public bool DisableAuthentication { get; set; }

    public JwtAccessOptions Jwt { get; set; } = new();

    public CertificateAccessOptions ClientCertificates { get; set; } = new();

    /// <summary>Per-role rate and concurrency limits, keyed by role name.</summary>
    public Dictionary<string, RoleLimits> RateLimits { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
