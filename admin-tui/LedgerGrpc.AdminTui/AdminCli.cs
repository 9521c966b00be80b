using System.CommandLine;
using LedgerGrpc.AdminTui.Connection;
using LedgerGrpc.AdminTui.Navigation;

namespace LedgerGrpc.AdminTui;

/// <summary>`ledgergrpc-admin [--server URL] [--api-key KEY] [--data-dir DIR] [--ca-file PEM] [:screen arg]`.</summary>
public static class AdminCli
{
    public static RootCommand Build()
    {
        var server = new Option<string>("--server") { Description = "Server address", DefaultValueFactory = _ => ConnectionOptions.DefaultServer };
        var apiKey = new Option<string?>("--api-key") { Description = $"API key (default: ${ConnectionOptions.ApiKeyVariable}, else <data-dir>/admin.key of a local server)" };
        var dataDir = new Option<string>("--data-dir") { Description = "The local server's data directory (for its admin.key)", DefaultValueFactory = _ => "./data" };
        var caFile = new Option<string?>("--ca-file") { Description = "PEM file of the CA that signed the server's TLS certificate" };
        var start = new Argument<string[]>("screen") { Description = "Screen to open first, as on the : command line (e.g. rules, customer 123)", Arity = ArgumentArity.ZeroOrMore };
        var root = new RootCommand("LedgerGrpc terminal admin client: dashboard, segments, customers, rules, plugins, audit, jobs.")
        {
            server, apiKey, dataDir, caFile, start,
        };
        root.SetAction(result =>
        {
            if (!Uri.TryCreate(result.GetValue(server), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Console.Error.WriteLine($"--server must be an http:// or https:// address, not '{result.GetValue(server)}'");
                return 2;
            }

            var ca = result.GetValue(caFile);
            if (ca is not null && !File.Exists(ca))
            {
                Console.Error.WriteLine($"--ca-file {ca} does not exist");
                return 2;
            }

            if (ca is not null && TlsTrust.Load(ca).Error is { Length: > 0 } caError)
            {
                Console.Error.WriteLine(caError);
                return 2;
            }

            var dir = result.GetValue(dataDir)!;
            var options = new ConnectionOptions
            {
                Server = uri,
                DataDir = dir,
                CaFile = ca,
                ApiKey = ConnectionOptions.ResolveApiKey(result.GetValue(apiKey), Environment.GetEnvironmentVariable(ConnectionOptions.ApiKeyVariable), uri, dir),
            };
            var first = CommandLine.Parse(string.Join(' ', result.GetValue(start) ?? []));
            if (first.Error.Length > 0)
            {
                Console.Error.WriteLine(first.Error);
                return 2;
            }

            return AdminApp.Run(options, first.Destination ?? new Destination(ScreenKind.Dashboard));
        });
        return root;
    }
}
