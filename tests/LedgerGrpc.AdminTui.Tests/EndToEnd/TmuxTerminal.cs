using System.Diagnostics;

namespace LedgerGrpc.AdminTui.Tests.EndToEnd;

/// <summary>
/// ledgergrpc-admin in a real terminal: a tmux session of a given size on a private tmux server (its own socket),
/// driven with send-keys and read with capture-pane. Waiting is polling the screen for text, up to a generous limit.
/// </summary>
public sealed class TmuxTerminal : IDisposable
{
    // Generous: the whole suite shares two cores with other builds; a wait only takes long when something is wrong.
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(120);
    private readonly string _socket = "ledgergrpc-tui-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxTerminal()
    {
    }

    public static string AdminDll => Path.Combine(AppContext.BaseDirectory, "ledgergrpc-admin.dll");

    public static TmuxTerminal Start(int width, int height, IReadOnlyDictionary<string, string>? environment, params string[] adminArgs)
    {
        var terminal = new TmuxTerminal();
        var command = string.Join(' ', new[] { "dotnet", AdminDll }.Concat(adminArgs).Select(Quote));
        var args = new List<string> { "new-session", "-d", "-s", "main", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            args.Add("-e");
            args.Add($"{key}={value}");
        }

        args.Add(command);
        terminal.Tmux([.. args]);
        // The window keeps its size even when the tmux server has no client attached.
        terminal.Tmux("set-option", "-t", "main", "window-size", "manual");
        // Keep the pane (and the tmux server) after the client exits, so a test can see that it exited.
        terminal.Tmux("set-option", "-t", "main", "remain-on-exit", "on");
        return terminal;
    }

    public string Capture() => Tmux("capture-pane", "-p", "-t", "main");

    /// <summary>The screen with its escape sequences (colours), for the NO_COLOR check.</summary>
    public string CaptureWithEscapes() => Tmux("capture-pane", "-p", "-e", "-t", "main");

    /// <summary>Named keys (Enter, Escape, Down, C-s) one by one.</summary>
    public void Keys(params string[] keys)
    {
        foreach (var key in keys)
        {
            Tmux("send-keys", "-t", "main", key);
        }
    }

    /// <summary>Text typed literally.</summary>
    public void Type(string text) => Tmux("send-keys", "-t", "main", "-l", text);

    public void Resize(int width, int height) => Tmux("resize-window", "-t", "main", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Polls the screen until the condition holds; fails with the last screen after the limit.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, string what, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        var screen = "";
        while (watch.Elapsed < (limit ?? DefaultWait))
        {
            screen = Capture();
            if (condition(screen))
            {
                return screen;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"waited {(limit ?? DefaultWait).TotalSeconds:0} s for {what}; the screen was:\n{screen}");
        return screen;
    }

    public Task<string> WaitForAsync(string text, TimeSpan? limit = null) => WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), $"'{text}'", limit);

    public bool IsRunning
    {
        get
        {
            try
            {
                return Tmux("list-panes", "-t", "main", "-F", "#{pane_dead}").Trim() == "0";
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Tmux("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private string Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error}");
        }

        return output;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
