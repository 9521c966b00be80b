namespace LedgerGrpc.Bench.Classification;

/// <summary>CPU time of this process's threads by thread name, from /proc/self/task (Linux): shows which thread a
/// plugin dimension's cost lands on (the plan loop, the plugin's worker, the GC).</summary>
internal static class ThreadCpu
{
    private static readonly double TickMs = 1000.0 / 100; // USER_HZ is 100 on Linux.

    public static Dictionary<string, double> Snapshot()
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var close = stat.LastIndexOf(')');
                var name = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                // Fields after the name: state is 0, utime is 11, stime is 12.
                var ms = (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * TickMs;
                byName[name] = byName.GetValueOrDefault(name) + ms;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return byName;
    }

    public static string Difference(Dictionary<string, double> before, Dictionary<string, double> after) =>
        string.Join(", ", after.Select(a => (a.Key, Ms: a.Value - before.GetValueOrDefault(a.Key))).Where(a => a.Ms > 0).OrderByDescending(a => a.Ms).Select(a => $"{a.Key} {a.Ms:F0} ms"));
}
