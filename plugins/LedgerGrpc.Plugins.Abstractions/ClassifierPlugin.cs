namespace LedgerGrpc.Plugins;

/// <summary>
/// Base class of a classifier plugin. The host creates one instance per loaded plugin version through its public
/// parameterless constructor. Calls may come from several threads at once: after <see cref="Prepare"/> the plugin
/// must only read its state. Every call runs under a time budget; a call over it is abandoned and the plugin is
/// quarantined, and so is a plugin whose calls fail too often or allocate too much.
/// </summary>
public abstract class ClassifierPlugin
{
    /// <summary>The plugin's name, version and dimensions. Read once when the plugin loads.</summary>
    public abstract PluginDeclaration Declare();

    /// <summary>
    /// Optional population step, for classifiers that compare a customer with everyone (quantiles, Pareto shares).
    /// Called when the plugin loads, on every sweep and on reload, with every active customer's features; returns the
    /// state later calls receive (treat it as immutable: it is swapped atomically with the next one).
    /// The view passed for each customer is reused: copy the values you need.
    /// </summary>
    /// <returns>State for <see cref="Classify"/>, or null.</returns>
    public virtual object? Prepare(IEnumerable<ICustomerFeatures> population, CancellationToken cancellationToken) => null;

    /// <summary>Classifies one customer: assign its segment(s) in each declared dimension through
    /// <paramref name="result"/>. An exception gives the customer each dimension's default segment and counts an
    /// error.</summary>
    /// <param name="customer">The customer's features (read during the call only).</param>
    /// <param name="population">What <see cref="Prepare"/> returned last (null without a population step).</param>
    /// <param name="result">Where to assign segments.</param>
    public abstract void Classify(ICustomerFeatures customer, object? population, ClassificationResult result);

    /// <summary>Classifies many customers at once (full re-classifications and ledger write batches call this, one
    /// call per batch). Override when a batch can be done faster than one customer at a time; the default calls
    /// <see cref="Classify"/> for each. If it throws, the host classifies the batch one customer at a time to find
    /// the customers that fail.</summary>
    public virtual void ClassifyBatch(IReadOnlyList<ICustomerFeatures> customers, object? population, IReadOnlyList<ClassificationResult> results)
    {
        for (var i = 0; i < customers.Count; i++)
        {
            Classify(customers[i], population, results[i]);
        }
    }
}
