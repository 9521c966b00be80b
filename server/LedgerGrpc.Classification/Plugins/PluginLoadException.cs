namespace LedgerGrpc.Classification.Plugins;

/// <summary>A plugin could not be loaded or failed validation; the message says why in terms an author can act on.</summary>
public sealed class PluginLoadException(string message) : Exception(message);
