using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Security;

/// <summary>
/// TLS from Kestrel's configuration and client certificates (mTLS) mapped to roles (Access:ClientCertificates), with a
/// private CA the test makes; python grpcio connects with ssl_channel_credentials(root, key, chain).
/// </summary>
public sealed class ClientCertificateTests
{
    private const string ListDimensions = "/ledger.v1.Segments/ListDimensions";
    private const string ListApiKeys = "/ledger.v1.Access/ListApiKeys";
    private const string RecordTransaction = "/ledger.v1.CustomerLedger/RecordTransaction";

    [Fact]
    public async Task A_mapped_certificate_acts_as_its_role_an_unmapped_or_untrusted_one_is_refused_and_api_keys_work_over_tls()
    {
        using var dir = new TempDirectory("ledgergrpc-mtls");
        using var ca = new TestCertificateAuthority(dir.Path);
        using var rogueCa = new TestCertificateAuthority(dir.Path, "Rogue CA");
        await using var server = await StartAsync(dir, ca, "AllowCertificate");
        var billing = ca.IssueClient("billing-svc");
        var auditor = ca.IssueClient("auditor-1");
        var stranger = ca.IssueClient("stranger");
        // Same name as a mapped certificate, but from a CA the server does not trust.
        var rogue = rogueCa.IssueClient("billing-svc");

        var answers = await CredentialCall.RunAsync($"localhost:{server.Address.Port}", dir,
        [
            new("billing reads", ListDimensions, Over: Tls(ca, billing)),
            new("billing lists keys", ListApiKeys, Over: Tls(ca, billing)),
            new("auditor reads the audit log", "/ledger.v1.Access/ListAuditEntries", Over: Tls(ca, auditor)),
            new("auditor records", RecordTransaction, Over: Tls(ca, auditor)),
            new("stranger", ListDimensions, Over: Tls(ca, stranger)),
            new("rogue", ListDimensions, Over: Tls(ca, rogue)),
            new("no certificate, no key", ListDimensions, Over: new CredentialCall.Tls(ca.CaPemFile)),
            new("no certificate, admin key", ListApiKeys, server.AdminKey, new CredentialCall.Tls(ca.CaPemFile)),
            new("a key wins over the certificate", ListApiKeys, server.AdminKey, Tls(ca, stranger)),
        ]);

        Assert.Equal(("OK", ""), answers["billing reads"]);
        Assert.Equal(("PERMISSION_DENIED", "ledger.v1.Access/ListApiKeys needs role admin; cert:billing-svc has role service"), answers["billing lists keys"]);
        Assert.Equal(("OK", ""), answers["auditor reads the audit log"]);
        Assert.Equal(("PERMISSION_DENIED", "ledger.v1.CustomerLedger/RecordTransaction needs role admin or service; cert:auditor-1 has role auditor"),
            answers["auditor records"]);
        Assert.Equal("PERMISSION_DENIED", answers["stranger"].Code);
        Assert.EndsWith("cert:stranger has no LedgerGrpc role: its subject CN is not mapped to a role (Access:ClientCertificates:Roles:<CN>=<role>)",
            answers["stranger"].Details);
        Assert.Equal("UNAUTHENTICATED", answers["rogue"].Code);
        Assert.StartsWith("the client certificate does not chain to the CA in Access:ClientCertificates:TrustedCaFile", answers["rogue"].Details);
        Assert.Equal("UNAUTHENTICATED", answers["no certificate, no key"].Code);
        Assert.Equal(("OK", ""), answers["no certificate, admin key"]);
        Assert.Equal(("OK", ""), answers["a key wins over the certificate"]);
    }

    [Fact]
    public async Task With_RequireCertificate_from_configuration_a_caller_without_a_certificate_is_refused_at_the_handshake()
    {
        using var dir = new TempDirectory("ledgergrpc-mtls-required");
        using var ca = new TestCertificateAuthority(dir.Path);
        await using var server = await StartAsync(dir, ca, "RequireCertificate");
        var answers = await CredentialCall.RunAsync($"localhost:{server.Address.Port}", dir,
        [
            new("billing", ListDimensions, Over: Tls(ca, ca.IssueClient("billing-svc"))),
            new("no certificate", ListDimensions, server.AdminKey, new CredentialCall.Tls(ca.CaPemFile)),
        ]);

        Assert.Equal(("OK", ""), answers["billing"]);
        Assert.Equal("UNAVAILABLE", answers["no certificate"].Code);
    }

    private static CredentialCall.Tls Tls(TestCertificateAuthority ca, (string CertFile, string KeyFile) client) =>
        new(ca.CaPemFile, client.CertFile, client.KeyFile);

    private static Task<TestServerHost> StartAsync(TempDirectory dir, TestCertificateAuthority ca, string mode)
    {
        var (cert, key) = ca.IssueServer();
        return TestServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = cert,
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = key,
            ["Kestrel:Endpoints:Https:ClientCertificateMode"] = mode,
            ["Access:ClientCertificates:TrustedCaFile"] = ca.CaPemFile,
            ["Access:ClientCertificates:Roles:billing-svc"] = "service",
            ["Access:ClientCertificates:Roles:auditor-1"] = "auditor",
        });
    }
}
