using System.Security.Claims;
using LedgerGrpc.Access.Authentication;
using LedgerGrpc.Access.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LedgerGrpc.Access.Tests.Authentication;

/// <summary>
/// The framework services LedgerGrpc registers in place of ASP.NET Core's (issue 17 §6): they must keep the framework's
/// behaviour while doing less per call.
/// </summary>
public sealed class AuthenticationServicesTests
{
    [Fact]
    public async Task An_api_key_is_answered_with_its_shared_result_and_a_revocation_applies_to_the_very_next_call()
    {
        await using var access = new AccessFixture();
        var created = await access.Keys.CreateAsync("ingest", "service", null, "key:admin");
        await using var services = Services(access).BuildServiceProvider();
        var authentication = services.GetRequiredService<IAuthenticationService>();

        var first = await authentication.AuthenticateAsync(Request(services, created.Key), ApiKeyDefaults.AuthenticationType);
        var second = await authentication.AuthenticateAsync(Request(services, created.Key), ApiKeyDefaults.AuthenticationType);

        Assert.True(first.Succeeded);
        Assert.Equal("key:ingest", LedgerPrincipal.Name(first.Principal!));
        Assert.Equal("service", LedgerPrincipal.Role(first.Principal!));
        Assert.Same(first, second); // built once per key, not per call

        await access.Keys.RevokeAsync("ingest", "key:admin");
        var revoked = await authentication.AuthenticateAsync(Request(services, created.Key), ApiKeyDefaults.AuthenticationType);
        Assert.False(revoked.Succeeded);
        Assert.Equal("API key 'ingest' has been revoked", revoked.Failure!.Message);

        var missing = await authentication.AuthenticateAsync(Request(services, null), ApiKeyDefaults.AuthenticationType);
        Assert.True(missing.None);
    }

    [Fact]
    public async Task With_a_claims_transformation_registered_api_keys_take_the_framework_path_and_are_transformed()
    {
        await using var access = new AccessFixture();
        var created = await access.Keys.CreateAsync("crm", "sales", null, "key:admin");
        var collection = Services(access);
        collection.AddSingleton<IClaimsTransformation, AddsTeamClaim>();
        await using var services = collection.BuildServiceProvider();

        var result = await services.GetRequiredService<IAuthenticationService>()
            .AuthenticateAsync(Request(services, created.Key), ApiKeyDefaults.AuthenticationType);

        Assert.True(result.Succeeded);
        Assert.Equal("north", result.Principal!.FindFirst("team")?.Value);
        Assert.Equal("sales", LedgerPrincipal.Role(result.Principal));
    }

    [Fact]
    public async Task A_schemes_handler_is_made_once_per_request()
    {
        await using var access = new AccessFixture();
        await using var services = Services(access).BuildServiceProvider();
        var handlers = services.GetRequiredService<IAuthenticationHandlerProvider>();
        var request = Request(services, null);
        var other = Request(services, null);

        var handler = await handlers.GetHandlerAsync(request, ApiKeyDefaults.AuthenticationType);

        Assert.IsType<ApiKeyAuthenticationHandler>(handler);
        Assert.Same(handler, await handlers.GetHandlerAsync(request, ApiKeyDefaults.AuthenticationType));
        Assert.NotSame(handler, await handlers.GetHandlerAsync(other, ApiKeyDefaults.AuthenticationType));
        Assert.Null(await handlers.GetHandlerAsync(request, "NoSuchScheme"));
    }

    [Fact]
    public async Task The_scheme_providers_answers_are_kept_and_renewed_when_schemes_change()
    {
        var options = new AuthenticationOptions { DefaultScheme = ApiKeyDefaults.AuthenticationType };
        options.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationType, null);
        var schemes = new CachingSchemeProvider(Options.Create(options));

        var defaultScheme = schemes.GetDefaultAuthenticateSchemeAsync();
        Assert.Same(defaultScheme, schemes.GetDefaultAuthenticateSchemeAsync());
        Assert.Equal(ApiKeyDefaults.AuthenticationType, (await defaultScheme)!.Name);
        Assert.Empty(await schemes.GetRequestHandlerSchemesAsync());

        schemes.AddScheme(new AuthenticationScheme("remote", null, typeof(RemoteHandler)));
        Assert.Equal(["remote"], (await schemes.GetRequestHandlerSchemesAsync()).Select(s => s.Name));

        schemes.RemoveScheme("remote");
        Assert.Empty(await schemes.GetRequestHandlerSchemesAsync());
        schemes.RemoveScheme(ApiKeyDefaults.AuthenticationType);
        Assert.Null(await schemes.GetDefaultAuthenticateSchemeAsync());
    }

    private static ServiceCollection Services(AccessFixture access)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(access.Cache);
        services.AddLedgerAuthentication(new AccessOptions());
        return services;
    }

    private static DefaultHttpContext Request(IServiceProvider services, string? key)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        if (key is not null)
        {
            context.Request.Headers.Authorization = $"Bearer {key}";
        }

        return context;
    }

    private sealed class AddsTeamClaim : IClaimsTransformation
    {
        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            var copy = principal.Clone();
            ((ClaimsIdentity)copy.Identity!).AddClaim(new Claim("team", "north"));
            return Task.FromResult(copy);
        }
    }

    private sealed class RemoteHandler : IAuthenticationRequestHandler
    {
        public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context) => Task.CompletedTask;

        public Task<AuthenticateResult> AuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

        public Task ChallengeAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task ForbidAsync(AuthenticationProperties? properties) => Task.CompletedTask;

        public Task<bool> HandleRequestAsync() => Task.FromResult(false);
    }
}
