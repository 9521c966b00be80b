using System.Reflection;
using System.Text.RegularExpressions;
using LedgerGrpc.Classification.Engine;
using LedgerGrpc.Plugins;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>
/// Plugins' expression helpers (contract 1.1): static classes workflows call by name, registered with the rules engine
/// as custom types (RulesEngine's ReSettings.CustomTypes). What a plugin may offer is checked here when it loads; what
/// an expression does with a helper is checked by the rules engine's sandbox like everything else in an expression.
/// </summary>
public static partial class ExpressionHelpers
{
    // Names expressions already give a meaning to (parameters, keywords, the types the sandbox always allows and
    // Dynamic.Core's predefined types): a helper by one of these names would shadow it or be shadowed.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "customer", "input1", "it", "parent", "root", "np", "iif", "new", "as", "is", "true", "false", "null",
        "Math", "Convert", "Enumerable", "ExpressionUtils", "Enum", "Object", "String", "Boolean", "Char", "Byte", "SByte",
        "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Single", "Double", "Decimal", "DateTime",
        "DateTimeOffset", "TimeSpan", "Guid", "DateOnly", "TimeOnly", "Uri",
    };

    /// <summary>Every helper a plugin declares must be a public static class of the plugin's own assembly with a
    /// distinct name: a plugin cannot open a host or framework type (System.IO.File...) to workflows.</summary>
    internal static void Validate(PluginDeclaration declaration, Assembly assembly)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in declaration.ExpressionHelpers ?? [])
        {
            if (type is null) throw new PluginLoadException($"Plugin {declaration.Name} declares a null expression helper.");
            if (type.Assembly != assembly)
            {
                throw new PluginLoadException($"Plugin {declaration.Name} declares {type.FullName} as an expression helper, but helpers must be classes of the plugin's own assembly ({assembly.GetName().Name}).");
            }

            if (!type.IsPublic || !type.IsAbstract || !type.IsSealed || type.IsGenericTypeDefinition)
            {
                throw new PluginLoadException($"Plugin {declaration.Name}'s expression helper {type.FullName} must be a public, non-generic static class.");
            }

            if (!Identifier().IsMatch(type.Name) || Reserved.Contains(type.Name))
            {
                throw new PluginLoadException($"Plugin {declaration.Name}'s expression helper is named '{type.Name}', a name rule expressions already use; rename the class.");
            }

            if (!names.Add(type.Name)) throw new PluginLoadException($"Plugin {declaration.Name} declares expression helper '{type.Name}' twice (names are case-insensitive in expressions).");
            if (!Methods(type).Any()) throw new PluginLoadException($"Plugin {declaration.Name}'s expression helper {type.Name} has no public static method.");
        }
    }

    /// <summary>Each public static method as an expression calls it.</summary>
    internal static IEnumerable<string> Signatures(Type helper) =>
        Methods(helper).Select(m => $"{helper.Name}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))}) → {m.ReturnType.Name}");

    /// <summary>The helpers of the plugins in service in <paramref name="snapshot"/> that <paramref name="json"/> names
    /// (as <c>Name.</c>), with the plugin each belongs to. Only those are registered for the workflow, so a workflow that
    /// calls no helper never holds a plugin's types.</summary>
    public static IReadOnlyList<(LoadedPlugin Plugin, Type Helper)> NamedIn(string json, IEnumerable<LoadedPlugin> plugins) =>
        [.. plugins.SelectMany(p => p.HelperTypes.Select(t => (p, t))).Where(h => Names(json, h.t.Name))];

    /// <summary>Whether <paramref name="json"/> mentions any of <paramref name="plugin"/>'s helpers (by name, whether
    /// the plugin is in service or not).</summary>
    public static bool Mentions(string json, LoadedPlugin plugin) => plugin.HelperNames.Any(n => Names(json, n));

    /// <summary>The workflows of <paramref name="snapshot"/> bound to <paramref name="plugin"/>'s helpers (any version).</summary>
    public static IEnumerable<Dimensions.CompiledDimension> BoundTo(ClassifierSnapshot snapshot, string plugin) =>
        snapshot.Dimensions.OfType<Dimensions.CompiledDimension>().Where(d => d.HelperPlugins.Any(p => p.Name == plugin));

    private static bool Names(string json, string helper) =>
        Regex.IsMatch(json, $@"(?<![A-Za-z0-9_]){Regex.Escape(helper)}\s*\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static IEnumerable<MethodInfo> Methods(Type helper) =>
        helper.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
