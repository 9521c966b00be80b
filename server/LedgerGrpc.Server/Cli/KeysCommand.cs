using System.CommandLine;
using System.Globalization;
using LedgerGrpc.Access;
using LedgerGrpc.Access.Keys;
using LedgerGrpc.Ledger;
using LedgerGrpc.Server.Services.Ledger;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace LedgerGrpc.Server.Cli;

/// <summary>
/// `ledgergrpc keys create|list|revoke`: API keys in the data directory's ledger, whether or not the
/// server runs (a running server rereads keys every Access:KeyRefreshInterval, 1 s by default).
/// Anyone who can run this can read the database anyway, so it needs no key itself.
/// </summary>
public static class KeysCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var command = new Command("keys", "Create, list and revoke API keys.");
        command.Subcommands.Add(CreateKey(console));
        command.Subcommands.Add(ListKeys(console));
        command.Subcommands.Add(RevokeKey(console));
        return command;
    }

    private static Option<string?> DataDirOption() => new("--data-dir") { Description = "Ledger data directory (default: Ledger:DataDir or ./data)" };

    private static Command CreateKey(IAnsiConsole? console)
    {
        var name = new Option<string>("--name") { Description = "Unique name (letters, digits, - _ . @); shown in the audit log as key:NAME", Required = true };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", LedgerRoles.All)}", Required = true };
        var expires = new Option<string?>("--expires") { Description = "Expiry: a date (UTC midnight) or date-time, e.g. 2027-06-30 or 2027-06-30T12:00:00Z" };
        var dataDir = DataDirOption();
        var command = new Command("create", "Create a key and print it once (only its hash is stored).") { name, role, expires, dataDir };
        command.SetAction((result, ct) => Run(console, result.GetValue(dataDir), async (keys, ui) =>
        {
            DateTimeOffset? expiry = null;
            if (result.GetValue(expires) is { Length: > 0 } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    ui.MarkupLineInterpolated($"[red]--expires:[/] '{Quote.Short(text)}' is not a date (use 2027-06-30 or 2027-06-30T12:00:00Z)");
                    return 1;
                }

                expiry = parsed;
            }

            var created = await keys.CreateAsync(result.GetValue(name)!, result.GetValue(role)!, expiry, Actor(), ct);
            ui.MarkupLineInterpolated($"Created API key '{created.Record.Name}' (role {created.Record.Role}{(expiry is { } e ? $", expires {e:yyyy-MM-dd HH:mm}Z" : "")}). It is shown only now:");
            ui.WriteLine(created.Key);
            return 0;
        }, ct));
        return command;
    }

    private static Command ListKeys(IAnsiConsole? console)
    {
        var dataDir = DataDirOption();
        var command = new Command("list", "List keys (names, roles, state; never the keys).") { dataDir };
        command.SetAction((result, ct) => Run(console, result.GetValue(dataDir), async (keys, ui) =>
        {
            var now = DateTime.UtcNow;
            var table = new Table().AddColumns("Name", "Role", "State", "Created", "Created by", "Expires");
            foreach (var key in await keys.ListAsync(ct))
            {
                var state = key.RevokedAt is not null ? $"revoked {key.RevokedAt:yyyy-MM-dd HH:mm}" : key.ExpiresAt <= now ? "expired" : "active";
                table.AddRow(Markup.Escape(key.Name), key.Role, state, key.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape(key.CreatedBy), key.ExpiresAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never");
            }

            ui.Write(table);
            return 0;
        }, ct));
        return command;
    }

    private static Command RevokeKey(IAnsiConsole? console)
    {
        var name = new Argument<string>("name") { Description = "The key's name" };
        var dataDir = DataDirOption();
        var command = new Command("revoke", "Revoke a key; calls with it are refused from then on.") { name, dataDir };
        command.SetAction((result, ct) => Run(console, result.GetValue(dataDir), async (keys, ui) =>
        {
            var key = await keys.RevokeAsync(result.GetValue(name)!, Actor(), ct);
            ui.MarkupLineInterpolated($"Revoked API key '{key.Name}' at {key.RevokedAt:yyyy-MM-dd HH:mm:ss}Z");
            return 0;
        }, ct));
        return command;
    }

    private static string Actor() => $"cli:{Environment.UserName}";

    private static async Task<int> Run(IAnsiConsole? console, string? dataDir, Func<ApiKeyManager, IAnsiConsole, Task<int>> action, CancellationToken ct)
    {
        var ui = console ?? AnsiConsole.Console;
        var options = LedgerCliSettings.Load(dataDir);
        var store = new LedgerStore(options);
        await using var writer = new LedgerWriter(store, TimeProvider.System, [], NullLogger<LedgerWriter>.Instance);
        var reader = new LedgerReader(store, TimeProvider.System);
        try
        {
            return await action(new ApiKeyManager(writer, reader, new ApiKeyCache(reader, TimeProvider.System)), ui);
        }
        catch (LedgerException e)
        {
            ui.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 1;
        }
    }
}
