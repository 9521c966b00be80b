using System.Collections.Concurrent;
using System.Linq.Dynamic.Core;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>One Dynamic.Core ParsingConfig (and the sandbox for the same types) per (case sensitivity, strictness, custom and input types), configured as
/// RulesEngine configures it (its custom type provider, IsCaseSensitive, everything else default), built once: the
/// type provider's closure over base types and interfaces is not free, and RulesEngine also reuses one config.</summary>
internal static class ParsingConfigs
{
    private const int MaxCached = 256;
    private static readonly ConcurrentDictionary<string, (ParsingConfig Config, ExpressionSandbox Sandbox)> Cache = new(StringComparer.Ordinal);

    public static (ParsingConfig Config, ExpressionSandbox Sandbox) Get(ExpressionOptions options, IEnumerable<Type> inputTypes)
    {
        var custom = options.CustomTypes ?? [];
        var inputs = inputTypes.Distinct().ToList();
        if (custom.Concat(inputs).Any(t => t.Assembly.IsCollectible))
        {
            // Types from an unloadable context (a plugin's expression helpers): a cached config would keep the context
            // alive after the plugin unloads, and a rebuilt plugin with the same assembly name and version would get its
            // predecessor's types back. Built afresh, it lives as long as the workflow compiled with it.
            return Build(options, custom, inputs);
        }

        var key = string.Join(
            "\u0001",
            [options.CaseSensitive ? "cs" : "ci", options.StrictShapeMembers ? "strict" : "lenient", options.RegisterInputTypes ? "reg" : "unreg",
             .. custom.Select(t => "c:" + t.AssemblyQualifiedName), .. inputs.Select(t => "i:" + t.AssemblyQualifiedName)]);
        if (Cache.TryGetValue(key, out var setup))
        {
            return setup;
        }

        if (Cache.Count >= MaxCached)
        {
            // Input shapes come from data (one class per JSON shape): never let them grow the cache without bound.
            Cache.Clear();
        }

        return Cache.GetOrAdd(key, Build(options, custom, inputs));
    }

    private static (ParsingConfig Config, ExpressionSandbox Sandbox) Build(ExpressionOptions options, IReadOnlyList<Type> custom, List<Type> inputs)
    {
        var config = new ParsingConfig
        {
            CustomTypeProvider = new RuleTypeProvider(custom, options.RegisterInputTypes ? inputs : []),
            IsCaseSensitive = options.CaseSensitive,
            // Validation: a member a JSON input lacks is an error, not RulesEngine's quiet null from the indexer.
            DisableMemberAccessToIndexAccessorFallback = options.StrictShapeMembers,
        };
        return (config, new ExpressionSandbox([.. custom, .. inputs]));
    }
}
