namespace LedgerGrpc.Plugins;

/// <summary>How many segments a dimension gives one customer.</summary>
public enum DimensionMode
{
    /// <summary>Exactly one segment per customer (the default segment when the plugin assigns none).</summary>
    FirstMatch,

    /// <summary>Any number of tags per customer, none included.</summary>
    MultiMatch,
}
