using System.Globalization;
using LedgerGrpc.AdminTui.Formatting;
using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// The plugins screen's state: every plugin the server reported (a full list from ListPlugins, single updates from
/// WatchPlugins and from the answers to the operator's actions), as table rows and a detail pane, and which action a
/// key asks for on the selected plugin, refused locally when the plugin's status makes it meaningless.
/// </summary>
public sealed class PluginsModel
{
    private readonly SortedDictionary<string, Plugin> _plugins = new(StringComparer.Ordinal);

    /// <summary>`/`: only plugins whose name, status or dimensions contain this text.</summary>
    public string Filter { get; set; } = "";

    public bool Loaded { get; private set; }

    /// <summary>A full list: plugins not in it are gone from the server.</summary>
    public void SetAll(IEnumerable<Plugin> plugins)
    {
        _plugins.Clear();
        foreach (var plugin in plugins)
        {
            _plugins[plugin.Name] = plugin;
        }

        Loaded = true;
    }

    /// <summary>One plugin's new state. An update older than the one held (a list answer overtaken by a watch event)
    /// is ignored, so the screen never steps back in time.</summary>
    public void Update(Plugin plugin)
    {
        if (_plugins.TryGetValue(plugin.Name, out var held) && held.ChangedAt is { } heldAt && plugin.ChangedAt is { } newAt && newAt < heldAt)
        {
            return;
        }

        _plugins[plugin.Name] = plugin;
        Loaded = true;
    }

    public IReadOnlyList<Plugin> Visible =>
        [.. _plugins.Values.Where(p => Filter.Length == 0 || Matches(p, Filter))];

    private static bool Matches(Plugin p, string filter) =>
        p.Name.Contains(filter, StringComparison.OrdinalIgnoreCase) || p.Status.Contains(filter, StringComparison.OrdinalIgnoreCase)
        || p.Dimensions.Any(d => d.Name.Contains(filter, StringComparison.OrdinalIgnoreCase));

    public Plugin? At(int row) => row >= 0 && row < Visible.Count ? Visible[row] : null;

    public static string Header(int width) => Columns("PLUGIN", "STATUS", "VERSION", "CALLS", "ERRORS", "P99 µs", "LAST ERROR", width);

    public IReadOnlyList<string> Rows(int width)
    {
        var visible = Visible;
        if (visible.Count == 0)
        {
            return [!Loaded ? "loading…" : _plugins.Count == 0 ? "no plugins in the server's plugins folder" : $"no plugin matches '{Filter}'"];
        }

        return [.. visible.Select(p => Row(p, width))];
    }

    public static string Row(Plugin p, int width) => Columns(
        p.Name, p.Status, p.Version, Format.Count(p.Calls), Format.Count(p.Errors),
        p.Calls == 0 ? "-" : p.P99Micros.ToString("0.#", CultureInfo.InvariantCulture), p.LastError, width);

    /// <summary>Fixed columns, the last error taking whatever width is left (none at 80 columns but a few characters).</summary>
    private static string Columns(string name, string status, string version, string calls, string errors, string p99, string lastError, int width)
    {
        var fixedPart = Format.PadFit(name, 14) + " " + Format.PadFit(status, 16) + " " + Format.PadFit(version, 9) + " "
            + Format.PadFitLeft(calls, 9) + " " + Format.PadFitLeft(errors, 6) + " " + Format.PadFitLeft(p99, 7);
        var rest = width - Format.Columns(fixedPart) - 2;
        return rest >= 6 ? fixedPart + "  " + Format.Fit(lastError.ReplaceLineEndings(" "), rest) : Format.Fit(fixedPart, width);
    }

    /// <summary>The selected plugin in full: why it is in its status, its hash (what an approval names), dimensions,
    /// counters and last error.</summary>
    public static IReadOnlyList<string> Details(Plugin p, int width)
    {
        var lines = new List<string>
        {
            $"{p.Name}{(p.DeclaredName.Length > 0 && p.DeclaredName != p.Name ? $" ({p.DeclaredName})" : "")} {p.Version} · {p.Status} since {Format.Time(p.ChangedAt)}",
        };
        if (p.Message.Length > 0)
        {
            lines.Add(p.Message.ReplaceLineEndings(" "));
        }

        lines.Add("sha256 " + p.Sha256);
        lines.Add(p.Dimensions.Count == 0
            ? "dimensions: none in force"
            : "dimensions: " + string.Join("; ", p.Dimensions.Select(d => $"{d.Name} v{d.WorkflowVersion} [{string.Join(", ", d.Segments.Select(s => s.Key))}]")));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"calls {Format.Count(p.Calls)} · errors {Format.Count(p.Errors)} ({Format.Share(p.Errors, p.Calls)}) · p50 {p.P50Micros:0.#} µs · p99 {p.P99Micros:0.#} µs"));
        lines.Add(p.LastError.Length == 0 ? "last error: none" : $"last error {Format.Time(p.LastErrorAt)}: {p.LastError.ReplaceLineEndings(" ")}");
        return [.. lines.Select(l => Format.Fit(l, width))];
    }

    /// <summary>What a key asks for on <paramref name="plugin"/>, or why it cannot be done in its status.</summary>
    public static (PluginAction? Action, string Refusal) ActionFor(char key, Plugin? plugin)
    {
        PluginAction? action = key switch
        {
            'a' => PluginAction.Approve,
            'r' => PluginAction.Reload,
            'd' => PluginAction.Disable,
            'e' => PluginAction.Enable,
            _ => null,
        };
        if (action is null)
        {
            return (null, "");
        }

        if (plugin is null)
        {
            return (null, "no plugin selected");
        }

        var refusal = (action, plugin.Status) switch
        {
            (PluginAction.Approve, not "pending_approval") => $"{plugin.Name} is {plugin.Status}, not waiting for approval",
            (PluginAction.Approve, _) when plugin.Sha256.Length == 0 => $"{plugin.Name} has no readable build to approve",
            (PluginAction.Reload, "disabled") => $"{plugin.Name} is disabled: e enables it",
            (PluginAction.Disable, "disabled") => $"{plugin.Name} is already disabled",
            (PluginAction.Enable, not ("disabled" or "quarantined" or "failed")) => $"{plugin.Name} is {plugin.Status}: only a disabled, quarantined or failed plugin is enabled",
            _ => "",
        };
        return refusal.Length > 0 ? (null, refusal) : (action, "");
    }

    /// <summary>The confirmation asked before an approval: the operator approves exactly the build whose hash they see.</summary>
    public static string ApprovePrompt(Plugin plugin) => $"approve {plugin.Name} {plugin.Version} sha256 {plugin.Sha256[..Math.Min(12, plugin.Sha256.Length)]}…? y/N: ";

    public static bool Confirmed(string answer) => answer.Trim() is "y" or "Y" or "yes" or "YES";
}

public enum PluginAction
{
    Approve,
    Reload,
    Disable,
    Enable,
}
