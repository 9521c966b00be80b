using System.Reflection;
using System.Text.RegularExpressions;
using LedgerGrpc.Plugins;
using McMaster.NETCore.Plugins;

namespace LedgerGrpc.Classification.Plugins;

/// <summary>Loads one plugin version from its folder into its own collectible load context (McMaster.NETCore.Plugins)
/// sharing only the contract with the host, and checks what can be checked without customers: the contract version,
/// one plugin class, a sound declaration.</summary>
internal static partial class PluginLoading
{
    public static LoadedPlugin Load(string name, string main, string hash, PluginOptions options, TimeProvider time)
    {
        if (!File.Exists(main))
        {
            throw new PluginLoadException($"{main} is missing: a plugin folder holds the plugin's build output, with the main assembly named after the folder.");
        }

        // In memory: the files can be replaced by a new build while this version runs (hot reload loads the new one
        // beside it). Unloadable: each version's context is collected once retired. Only the contract is shared, so a
        // plugin's own dependencies (any version) never meet the host's or another plugin's.
        var loader = PluginLoader.CreateFromAssemblyFile(main, isUnloadable: true, sharedTypes: [typeof(ClassifierPlugin)], config => config.LoadInMemory = true);
        try
        {
            Assembly assembly;
            try
            {
                assembly = loader.LoadDefaultAssembly();
            }
            catch (BadImageFormatException ex)
            {
                throw new PluginLoadException($"{main} is not a .NET assembly: {ex.Message}");
            }

            CheckContract(assembly);
            var type = PluginType(assembly);
            var worker = new PluginWorker(name);
            ClassifierPlugin? plugin = null;
            PluginDeclaration? declaration = null;
            // The constructor and Declare are plugin code too: same watchdog as every other call.
            if (!worker.Run(() =>
                {
                    plugin = (ClassifierPlugin)Activator.CreateInstance(type)!;
                    declaration = plugin.Declare();
                }, options.CallBudget, out var error, out _))
            {
                throw new PluginLoadException($"{type.FullName}'s constructor or Declare() did not return within {options.CallBudget.TotalMilliseconds:0} ms.");
            }

            worker.Dispose();
            if (error is not null)
            {
                var inner = error is TargetInvocationException { InnerException: { } i } ? i : error;
                throw new PluginLoadException($"{type.FullName} failed to start: {inner.GetType().Name}: {inner.Message}");
            }

            Validate(declaration);
            ExpressionHelpers.Validate(declaration!, assembly);
            var hasPopulationStep = type.GetMethod(nameof(ClassifierPlugin.Prepare), [typeof(IEnumerable<ICustomerFeatures>), typeof(CancellationToken)])?.DeclaringType != typeof(ClassifierPlugin);
            return new LoadedPlugin(name, hash, loader, plugin!, declaration!, hasPopulationStep, options, time);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>The plugin must have been built against this contract's major version: the reference its assembly
    /// records is the version it was compiled with.</summary>
    private static void CheckContract(Assembly assembly)
    {
        var reference = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == ContractVersion.AssemblyName)
            ?? throw new PluginLoadException($"{assembly.GetName().Name} does not reference {ContractVersion.AssemblyName}; a plugin derives from LedgerGrpc.Plugins.ClassifierPlugin.");
        var built = reference.Version ?? new Version(0, 0);
        var host = ContractVersion.Current;
        if (built.Major != host.Major)
        {
            throw new PluginLoadException(
                $"{assembly.GetName().Name} was built against plugin contract {built.Major}.{built.Minor}, but this server provides contract {host.Major}.{host.Minor}; rebuild the plugin against contract {host.Major}.x.");
        }

        if (built.Minor > host.Minor)
        {
            throw new PluginLoadException(
                $"{assembly.GetName().Name} was built against plugin contract {built.Major}.{built.Minor}, newer than this server's {host.Major}.{host.Minor}; upgrade the server or build against {host.Major}.{host.Minor}.");
        }
    }

    private static Type PluginType(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            throw new PluginLoadException($"{assembly.GetName().Name} has types that cannot load: {ex.LoaderExceptions.FirstOrDefault()?.Message}");
        }

        var candidates = types.Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(ClassifierPlugin).IsAssignableFrom(t)).ToList();
        return candidates.Count switch
        {
            0 => throw new PluginLoadException($"{assembly.GetName().Name} has no public class deriving from LedgerGrpc.Plugins.ClassifierPlugin."),
            > 1 => throw new PluginLoadException($"{assembly.GetName().Name} has {candidates.Count} plugin classes ({string.Join(", ", candidates.Select(c => c.Name))}); one assembly holds one plugin."),
            _ when candidates[0].GetConstructor(Type.EmptyTypes) is null => throw new PluginLoadException($"{candidates[0].FullName} needs a public parameterless constructor."),
            _ => candidates[0],
        };
    }

    private static void Validate(PluginDeclaration? declaration)
    {
        if (declaration is null) throw new PluginLoadException("Declare() returned null.");
        if (string.IsNullOrWhiteSpace(declaration.Name)) throw new PluginLoadException("The declaration has no name.");
        if (declaration.Version is null) throw new PluginLoadException($"Plugin {declaration.Name} declares no version.");
        if (declaration.Dimensions is not { Count: > 0 }) throw new PluginLoadException($"Plugin {declaration.Name} declares no dimension.");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in declaration.Dimensions)
        {
            if (d is null || string.IsNullOrEmpty(d.Key) || !DimensionKey().IsMatch(d.Key))
            {
                throw new PluginLoadException($"Plugin {declaration.Name} declares dimension key '{d?.Key}': keys are lower-case letters, digits and underscores, starting with a letter.");
            }

            if (!keys.Add(d.Key)) throw new PluginLoadException($"Plugin {declaration.Name} declares dimension '{d.Key}' twice.");
            if (d.Segments is not { Count: > 0 }) throw new PluginLoadException($"Dimension '{d.Key}' declares no segments.");
            if (d.Segments.Keys.Any(string.IsNullOrWhiteSpace)) throw new PluginLoadException($"Dimension '{d.Key}' declares an empty segment key.");
            if (d.Mode == DimensionMode.FirstMatch && string.IsNullOrEmpty(d.DefaultSegment))
            {
                throw new PluginLoadException($"First-match dimension '{d.Key}' needs a default segment (the one customers get when the plugin assigns none or fails).");
            }

            if (!string.IsNullOrEmpty(d.DefaultSegment) && !d.Segments.ContainsKey(d.DefaultSegment))
            {
                throw new PluginLoadException($"Dimension '{d.Key}': default segment '{d.DefaultSegment}' is not one of its segments ({string.Join(", ", d.Segments.Keys)}).");
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex DimensionKey();
}
