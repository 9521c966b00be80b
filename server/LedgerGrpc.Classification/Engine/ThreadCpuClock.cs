using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LedgerGrpc.Classification.Engine;

/// <summary>CPU time consumed by the calling thread, so a dry run measures what a rule costs rather than how busy the
/// machine is (time the thread waits for a core does not count). Falls back to elapsed time where the OS has no
/// per-thread CPU clock.</summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long NowNanoseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var now) == 0)
        {
            return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: a blittable out struct needs no marshalling, and no unsafe code in the project.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
