using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace LedgerGrpc.Bench.Allocations;

/// <summary>
/// The runtime's GCAllocationTick events (one about every 100 KB allocated, naming the type and the amount since the
/// last) summed by type, and for types whose name contains a given part, by allocating call stack. A sample, not an
/// exact count: types allocating much less than 100 KB over the whole run may be missed or over-counted.
/// </summary>
public sealed class AllocationProfile
{
    private const int StackDepth = 8;
    private readonly Dictionary<string, long> _byType = [];
    private readonly Dictionary<string, long> _byStack = [];

    public long Total { get; private set; }

    public static AllocationProfile Read(string tracePath, string? stacksOfType)
    {
        var profile = new AllocationProfile();
        // TraceLog resolves the stacks' method names from the trace's rundown.
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(tracePath));
        var source = log.Events.GetSource();
        source.Clr.GCAllocationTick += tick => profile.Add(tick, stacksOfType);
        source.Process();
        return profile;
    }

    public void Print(TextWriter output, long requests, int top)
    {
        output.WriteLine($"allocated: {Total / (double)requests:F0} B per request (sampled)");
        foreach (var (type, bytes) in _byType.OrderByDescending(p => p.Value).Take(top))
            output.WriteLine($"{bytes / (double)requests,8:F0} B  {type}");
        foreach (var (stack, bytes) in _byStack.OrderByDescending(p => p.Value).Take(6))
            output.WriteLine($"--- {bytes / (double)requests:F0} B per request from\n      {stack}");
    }

    private void Add(GCAllocationTickTraceData tick, string? stacksOfType)
    {
        var type = tick.TypeName ?? "?";
        _byType[type] = _byType.GetValueOrDefault(type) + tick.AllocationAmount64;
        Total += tick.AllocationAmount64;
        if (stacksOfType is null || !type.Contains(stacksOfType, StringComparison.Ordinal)) return;
        var frames = new List<string>(StackDepth);
        for (var frame = tick.CallStack(); frame is not null && frames.Count < StackDepth; frame = frame.Caller)
            frames.Add(frame.CodeAddress.FullMethodName is { Length: > 0 } method ? method : $"0x{frame.CodeAddress.Address:x}");
        var stack = string.Join("\n      <- ", frames);
        _byStack[stack] = _byStack.GetValueOrDefault(stack) + tick.AllocationAmount64;
    }
}
