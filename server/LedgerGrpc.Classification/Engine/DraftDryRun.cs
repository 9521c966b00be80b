using LedgerGrpc.Classification.Dimensions;
using LedgerGrpc.Classification.Features;
using LedgerGrpc.Rules;

namespace LedgerGrpc.Classification.Engine;

/// <summary>Runs a draft's rules, one rule at a time, over a sample of the ledger: counts the customers each rule fails
/// for with an exception (the fast path would silently treat those as "no match") and measures its CPU time. Once the
/// rules have used the budget of the whole sample the run stops: the workflow is over budget whatever the rest would
/// cost, and a pathological rule must not stall the caller for long.</summary>
internal static class DraftDryRun
{
    public static SampleReport Run(CompiledDimension draft, IReadOnlyList<CustomerEntry> sample, TimeSpan budgetPerCustomer)
    {
        var budgetMicros = budgetPerCustomer.TotalMicroseconds;
        if (sample.Count == 0)
        {
            return SampleReport.Empty(budgetMicros);
        }

        var features = sample.Select(e => e.Features).ToArray();
        var limit = (long)(budgetPerCustomer.TotalNanoseconds * sample.Count);
        var rules = new List<RuleSampleStats>();
        long total = 0;
        for (var rule = 0; rule < draft.RuleNames.Count; rule++)
        {
            if (total > limit)
            {
                // The workflow is already over budget: later rules are not run at all.
                rules.Add(new RuleSampleStats(draft.RuleNames[rule], 0, 0, null, 0, 0));
                continue;
            }

            long errors = 0, evaluated = 0, spent = 0, firstErrorCustomer = 0;
            string? firstError = null;
            WarmUp(draft, rule, features[0]);
            foreach (var customer in features)
            {
                var start = ThreadCpuClock.NowNanoseconds();
                string? error;
                try
                {
                    error = FirstError(draft.Evaluate(rule, customer));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    error = ex.Message;
                }

                spent += ThreadCpuClock.NowNanoseconds() - start;
                evaluated++;
                if (error is not null)
                {
                    errors++;
                    if (firstError is null)
                    {
                        (firstError, firstErrorCustomer) = (error, customer.CustomerId);
                    }
                }

                if (total + spent > limit)
                {
                    break;
                }
            }

            total += spent;

            rules.Add(new RuleSampleStats(draft.RuleNames[rule], evaluated, errors, firstError, firstErrorCustomer, spent / 1000.0 / evaluated));
        }

        return new SampleReport(sample.Count, rules, budgetMicros);
    }

    /// <summary>One untimed evaluation first: a rule's first call compiles it and the runtime compiles the generated code
    /// on that thread, tens of milliseconds that the thread CPU clock would charge to the first customer (on a small
    /// sample that alone went over a 1 ms per-customer budget). What is measured is the cost of every later call.
    /// Errors are counted by the timed loop, which evaluates this customer again.</summary>
    private static void WarmUp(CompiledDimension draft, int rule, CustomerFeatures customer)
    {
        try
        {
            draft.Evaluate(rule, customer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Counted when the timed loop meets it.
        }
    }

    /// <summary>Every k-th customer that is not archived, up to <paramref name="size"/>, so the sample spreads over the
    /// whole ledger.</summary>
    public static IReadOnlyList<CustomerEntry> Sample(IEnumerable<CustomerEntry> entries, int size)
    {
        var live = entries.Where(e => !e.Archived).ToArray();
        if (size <= 0 || live.Length == 0)
        {
            return [];
        }

        var stride = Math.Max(1, live.Length / size);
        return [.. live.Where((_, i) => i % stride == 0).Take(size)];
    }

    // An exception in the rule, in one of its nested rules, or in its action. Failed rules' formatted ErrorMessages
    // also land in ExceptionMessage; RulesEngine's exception texts are told apart by their fixed openings.
    private static string? FirstError(RuleResultTree result)
    {
        if (result.ExceptionMessage is { } message
            && (message.StartsWith("Exception while ", StringComparison.Ordinal) || message.StartsWith("Error while ", StringComparison.Ordinal)))
        {
            return message;
        }

        if (result.ActionResult?.Exception is { } actionError)
        {
            return actionError.Message;
        }

        foreach (var child in result.ChildResults ?? [])
        {
            if (FirstError(child) is { } error)
            {
                return error;
            }
        }

        return null;
    }
}
