using LedgerGrpc.Plugins;

namespace RiskyHelpers;

/// <summary>A well-behaved dimension plus the <see cref="Risky"/> expression helpers, which misbehave only for marked
/// customers (so a workflow calling them publishes, then breaks on a ledger write).</summary>
public sealed class RiskyHelpersPlugin : ClassifierPlugin
{
    public override PluginDeclaration Declare() => new("RiskyHelpers", new Version(1, 0, 0),
        [new DimensionDeclaration("risky_test", "Risky", new Dictionary<string, string> { ["ok"] = "OK" }, "ok")])
    {
        ExpressionHelpers = [typeof(Risky)],
    };

    public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result) =>
        result.Assign("risky_test", "ok");
}

/// <summary>Each helper returns the customer's order count, except for a marked customer.</summary>
public static class Risky
{
    /// <summary>Set (to true) in the process's AppContext to let spinning helpers return.</summary>
    public const string ReleaseSpinners = "RiskyHelpers.ReleaseSpinners";

    /// <summary>Blocks forever for a marked customer.</summary>
    public static int Hang(ICustomerFeatures customer)
    {
        if (Marked(customer)) Thread.Sleep(Timeout.Infinite);
        return customer.OrderCount;
    }

    /// <summary>Spins for a marked customer, without ever blocking (an interrupt cannot stop it), until the test
    /// releases it: a helper that computes forever, without burning a core for the rest of the test run.</summary>
    public static int Spin(ICustomerFeatures customer)
    {
        while (Marked(customer) && AppContext.GetData(ReleaseSpinners) is not true)
        {
            Thread.SpinWait(1000);
        }

        return customer.OrderCount;
    }

    /// <summary>Set (to true) in the process's AppContext to make <see cref="Stall"/> burn its thread's CPU once.</summary>
    public const string StallOnce = "RiskyHelpers.StallOnce";

    /// <summary>Once armed (<see cref="StallOnce"/>), the first call for a customer marked "stall" spins 200 ms, as a
    /// garbage collection or page faults charged to the calling thread would; every other call is quick.</summary>
    public static int Stall(ICustomerFeatures customer)
    {
        if (customer.Attributes.TryGetValue("plugin_fault", out var fault) && fault == "stall" && AppContext.GetData(StallOnce) is true)
        {
            AppContext.SetData(StallOnce, false);
            var spinning = System.Diagnostics.Stopwatch.StartNew();
            while (spinning.ElapsedMilliseconds < 200) Thread.SpinWait(1000);
        }

        return customer.OrderCount;
    }

    /// <summary>Throws for a marked customer.</summary>
    public static int Boom(ICustomerFeatures customer) =>
        Marked(customer) ? throw new InvalidOperationException("Risky.Boom cannot score this customer") : customer.OrderCount;

    /// <summary>Allocates 4 MiB for a marked customer (and keeps nothing): over a 1 MiB per customer budget.</summary>
    public static int Hog(ICustomerFeatures customer)
    {
        var held = new List<byte[]>();
        for (var i = 0; Marked(customer) && i < 64; i++) held.Add(new byte[64 << 10]);
        GC.KeepAlive(held);
        return customer.OrderCount;
    }

    /// <summary>Uses an exception internally for a marked customer and handles it: nothing leaves it, nothing fails.</summary>
    public static int Careful(ICustomerFeatures customer)
    {
        try
        {
            if (Marked(customer)) throw new FormatException("handled inside the helper");
        }
        catch (FormatException)
        {
            return customer.OrderCount;
        }

        return customer.OrderCount;
    }

    private static bool Marked(ICustomerFeatures customer) =>
        customer.Attributes.TryGetValue("plugin_fault", out var fault) && fault == "helper";
}
