namespace LedgerGrpc.Plugins;

/// <summary>The version of this contract (the assembly version of LedgerGrpc.Plugins.Abstractions). A plugin records
/// the version it was built against in its assembly references; the host loads plugins built against the same major
/// version and refuses others, naming both versions.</summary>
public static class ContractVersion
{
    /// <summary>The contract version this assembly provides.</summary>
    public static Version Current { get; } = typeof(ContractVersion).Assembly.GetName().Version ?? new Version(0, 0);

    /// <summary>The contract's assembly name, as plugin assemblies reference it.</summary>
    public static string AssemblyName { get; } = typeof(ContractVersion).Assembly.GetName().Name ?? "LedgerGrpc.Plugins.Abstractions";
}
