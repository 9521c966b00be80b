using System.Numerics;

namespace LedgerGrpc.Classification.Engine;

/// <summary>
/// The customers in one segment: their ids as a bitmap (ids are dense, so a million customers cost 125 KB per segment
/// where a sorted set would cost about 40 MB), how many there are and their total spend. The bitmap is kept in chunks
/// allocated where members are, and ids outside the dense range (never assigned by this ledger, but possible) go to a
/// small sorted set. Ids come out in ascending order, so a page after an id is a scan forward from it. Not thread-safe:
/// <see cref="SegmentIndex"/> serialises access.
/// </summary>
internal sealed class SegmentMembers
{
    private const int ChunkBits = 16;
    private const int WordsPerChunk = (1 << ChunkBits) / 64;
    private const long DenseLimit = 1L << 28;

    private ulong[]?[] _chunks = [];
    private SortedSet<long>? _outside;

    public long Count { get; private set; }

    public long SpendMinor { get; private set; }

    public bool Contains(long id)
    {
        if (id < 0 || id >= DenseLimit) return _outside?.Contains(id) ?? false;
        var chunk = (int)(id >> ChunkBits);
        return chunk < _chunks.Length && _chunks[chunk] is { } words && (words[WordOf(id)] & BitOf(id)) != 0;
    }

    /// <summary>Adds <paramref name="id"/> with its spend; false (and nothing changed) when it is already a member.</summary>
    public bool Add(long id, long spendMinor)
    {
        if (id < 0 || id >= DenseLimit)
        {
            if (!(_outside ??= []).Add(id)) return false;
        }
        else
        {
            var chunk = (int)(id >> ChunkBits);
            if (chunk >= _chunks.Length) Array.Resize(ref _chunks, Math.Max(chunk + 1, _chunks.Length * 2));
            var words = _chunks[chunk] ??= new ulong[WordsPerChunk];
            ref var word = ref words[WordOf(id)];
            if ((word & BitOf(id)) != 0) return false;
            word |= BitOf(id);
        }

        Count++;
        SpendMinor = checked(SpendMinor + spendMinor);
        return true;
    }

    /// <summary>Removes <paramref name="id"/> and the spend it was added with; false when it was not a member.</summary>
    public bool Remove(long id, long spendMinor)
    {
        if (id < 0 || id >= DenseLimit)
        {
            if (_outside is null || !_outside.Remove(id)) return false;
        }
        else
        {
            var chunk = (int)(id >> ChunkBits);
            if (chunk >= _chunks.Length || _chunks[chunk] is not { } words) return false;
            ref var word = ref words[WordOf(id)];
            if ((word & BitOf(id)) == 0) return false;
            word &= ~BitOf(id);
        }

        Count--;
        SpendMinor = checked(SpendMinor - spendMinor);
        return true;
    }

    /// <summary>A member's spend changed from <paramref name="oldSpendMinor"/> to <paramref name="newSpendMinor"/>;
    /// nothing changes when <paramref name="id"/> is not a member.</summary>
    public void MoveSpend(long id, long oldSpendMinor, long newSpendMinor)
    {
        if (Contains(id)) SpendMinor = checked(SpendMinor - oldSpendMinor + newSpendMinor);
    }

    /// <summary>Up to <paramref name="limit"/> member ids greater than <paramref name="after"/>, ascending.</summary>
    public List<long> After(long after, int limit)
    {
        var page = new List<long>(Math.Min(limit, 1024));
        if (limit <= 0) return page;
        // Ascending order: negative ids (in the sorted set), then the bitmap, then ids beyond it (sorted set again).
        if (after < -1 && _outside is not null) TakeOutside(page, after, -1, limit);
        ScanBitmap(page, Math.Max(after + 1, 0), limit);
        if (page.Count < limit && _outside is not null) TakeOutside(page, Math.Max(after, DenseLimit - 1), long.MaxValue, limit);
        return page;
    }

    private void TakeOutside(List<long> page, long after, long upTo, int limit)
    {
        foreach (var id in _outside!.GetViewBetween(after + 1, upTo))
        {
            if (page.Count >= limit) return;
            page.Add(id);
        }
    }

    private void ScanBitmap(List<long> page, long from, int limit)
    {
        if (from >= DenseLimit) return;
        for (var chunk = (int)(from >> ChunkBits); chunk < _chunks.Length; chunk++)
        {
            if (_chunks[chunk] is not { } words) continue;
            var chunkStart = (long)chunk << ChunkBits;
            var firstWord = from > chunkStart ? WordOf(from) : 0;
            for (var w = firstWord; w < words.Length; w++)
            {
                var word = words[w];
                // In the word holding 'from', bits below it are not part of the page.
                if (w == firstWord && from > chunkStart) word &= ulong.MaxValue << (int)(from & 63);
                while (word != 0)
                {
                    page.Add(chunkStart + ((long)w << 6) + BitOperations.TrailingZeroCount(word));
                    if (page.Count >= limit) return;
                    word &= word - 1;
                }
            }
        }
    }

    private static int WordOf(long id) => (int)((id & ((1 << ChunkBits) - 1)) >> 6);

    private static ulong BitOf(long id) => 1UL << (int)(id & 63);
}
