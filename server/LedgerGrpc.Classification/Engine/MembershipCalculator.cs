using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Classification.Plugins;

namespace LedgerGrpc.Classification.Engine;

/// <summary>Computes a customer's memberships under a snapshot and what changed against the current ones. Unchanged
/// memberships keep their original <see cref="Membership.Since"/>.</summary>
public static class MembershipCalculator
{
    [ThreadStatic]
    private static List<Membership>? _result;

    [ThreadStatic]
    private static List<SegmentMatch>? _matches;

    public static Membership[] Compute(
        ClassifierSnapshot snapshot,
        CustomerFeatures features,
        Membership[] current,
        Func<string, ManualOverride?> overrideFor,
        DateTime now,
        PluginVerdictRow plugins = default)
    {
        // Runs for every customer in a re-classification: per-thread scratch lists and an indexed loop keep the only
        // allocation the result array.
        var result = _result ??= new List<Membership>(16);
        var matches = _matches ??= new List<SegmentMatch>(4);
        result.Clear();
        var dimensions = snapshot.Dimensions;
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dimension = dimensions[d];
            if (overrideFor(dimension.Name) is { } manual && manual.IsActive(now))
            {
                result.Add(Keep(current, MembershipPool.Fresh(dimension.Name, manual.Segment, "override", dimension.Version, now, overridden: true)));
                continue;
            }

            matches.Clear();
            if (!dimension.Classify(features, plugins, matches))
            {
                // No answer now (a quarantined plugin, an abandoned call): the customer stays where it is.
                foreach (var m in current)
                {
                    if (m.Dimension == dimension.Name) result.Add(m);
                }

                continue;
            }

            foreach (var match in matches)
            {
                result.Add(Keep(current, MembershipPool.Fresh(dimension.Name, match.Segment, match.Rule, dimension.Version, now)));
            }
        }

        // Nothing changed at all: the customer keeps its array (no garbage, and memory stays shared).
        return MembershipPool.SameObjects(current, result) ? current : MembershipPool.ArrayOf(result);
    }

    /// <summary>The changes that turn <paramref name="before"/> into <paramref name="after"/>, one per dimension for
    /// first-match dimensions (from → to), one per tag gained or lost for multi-match ones.</summary>
    public static List<SegmentChange> Diff(long customerId, Membership[] before, Membership[] after, ChangeCause cause, DateTime at)
    {
        var changes = new List<SegmentChange>();
        if (SameSegments(before, after))
        {
            // The common case in a re-classification: nobody moved. Skip the set arithmetic below.
            return changes;
        }

        if (OneSegmentPerDimensionInSameOrder(before, after))
        {
            // The common case of a move (first-match dimensions, both computed in the snapshot's dimension order):
            // what the general loop below concludes, without its per-dimension lists. Runs for every moved customer
            // of a publish, under the engine's gate.
            for (var i = 0; i < before.Length; i++)
            {
                var (was, now) = (before[i], after[i]);
                if (was.Segment != now.Segment)
                {
                    changes.Add(new SegmentChange(0, customerId, was.Dimension, was.Segment, now.Segment, at, cause, now.WorkflowVersion, now.Rule));
                }
            }

            return changes;
        }

        if (before.Length == 0 && Grouped(after))
        {
            // A customer's first classification (every customer of a first start): each membership is an entry, in
            // the order the general loop below would list them.
            foreach (var m in after)
            {
                if (m.Segment.Length > 0) changes.Add(new SegmentChange(0, customerId, m.Dimension, "", m.Segment, at, cause, m.WorkflowVersion, m.Rule));
            }

            return changes;
        }

        foreach (var dimension in before.Select(m => m.Dimension).Union(after.Select(m => m.Dimension)).Distinct())
        {
            var was = before.Where(m => m.Dimension == dimension).ToList();
            var now = after.Where(m => m.Dimension == dimension).ToList();
            if (was.Count <= 1 && now.Count <= 1)
            {
                var from = was.Count == 1 ? was[0].Segment : "";
                var to = now.Count == 1 ? now[0] : null;
                if (from != (to?.Segment ?? ""))
                {
                    changes.Add(new SegmentChange(0, customerId, dimension, from, to?.Segment ?? "", at, cause, to?.WorkflowVersion ?? was[0].WorkflowVersion, to?.Rule ?? ""));
                }

                continue;
            }

            foreach (var lost in was.Where(w => !now.Exists(n => n.Segment == w.Segment)))
            {
                changes.Add(new SegmentChange(0, customerId, dimension, lost.Segment, "", at, cause, lost.WorkflowVersion, lost.Rule));
            }

            foreach (var gained in now.Where(n => !was.Exists(w => w.Segment == n.Segment)))
            {
                changes.Add(new SegmentChange(0, customerId, dimension, "", gained.Segment, at, cause, gained.WorkflowVersion, gained.Rule));
            }
        }

        return changes;
    }

    /// <summary>Each dimension's memberships are adjacent (as <see cref="Compute"/> makes them).</summary>
    private static bool Grouped(Membership[] memberships)
    {
        for (var i = 1; i < memberships.Length; i++)
        {
            if (memberships[i].Dimension == memberships[i - 1].Dimension) continue;
            for (var j = 0; j < i - 1; j++)
            {
                if (memberships[j].Dimension == memberships[i].Dimension) return false;
            }
        }

        return true;
    }

    /// <summary>Same dimensions at the same positions, none of them twice.</summary>
    private static bool OneSegmentPerDimensionInSameOrder(Membership[] before, Membership[] after)
    {
        if (before.Length != after.Length) return false;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i].Dimension != after[i].Dimension) return false;
            for (var j = 0; j < i; j++)
            {
                if (before[j].Dimension == before[i].Dimension) return false;
            }
        }

        return true;
    }

    /// <summary>True when the two sets hold the same segments by the same rules (nothing to store). The workflow
    /// version is not compared: a membership keeps the version that put the customer in the segment, and readers
    /// report the version in force (every customer is re-evaluated under it), so publishing a new version rewrites
    /// only the customers it moves instead of re-stamping every member of the dimension.</summary>
    public static bool SameAssignments(Membership[] a, Membership[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].Dimension != b[i].Dimension || a[i].Segment != b[i].Segment || a[i].Rule != b[i].Rule
                || a[i].Overridden != b[i].Overridden)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same dimensions and segments in the same order (both come from one snapshot's dimension order).</summary>
    internal static bool SameSegments(Membership[] a, Membership[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].Dimension != b[i].Dimension || a[i].Segment != b[i].Segment) return false;
        }

        return true;
    }

    private static Membership Keep(Membership[] current, Membership computed)
    {
        foreach (var m in current)
        {
            if (m.Dimension == computed.Dimension && m.Segment == computed.Segment)
            {
                // Same segment: keep when the customer entered it and the version that put it there; record the rule
                // now responsible if another rule of the new version matched.
                return m.Rule == computed.Rule && m.Overridden == computed.Overridden
                    ? m
                    : MembershipPool.Fresh(computed.Dimension, computed.Segment, computed.Rule, computed.WorkflowVersion, m.Since, computed.Overridden);
            }
        }

        return computed;
    }
}
