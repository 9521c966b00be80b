using System.Collections.Concurrent;

namespace LedgerGrpc.Classification.Engine;

/// <summary>Splits a whole-ledger loop into index ranges for <see cref="Parallel"/>: big enough that scheduling is
/// noise, several per core so a slow range does not leave a core idle.</summary>
internal static class LedgerPartitions
{
    public static OrderablePartitioner<Tuple<int, int>> Of(int count) =>
        count == 0
            ? Partitioner.Create(Array.Empty<Tuple<int, int>>())
            : Partitioner.Create(0, count, RangeSize(count));

    public static int RangeSize(int count) => Math.Max(4096, count / (Environment.ProcessorCount * 4));
}
