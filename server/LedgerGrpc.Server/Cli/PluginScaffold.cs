using System.Text.RegularExpressions;

namespace LedgerGrpc.Server.Cli;

/// <summary>The files of a new plugin project: a class library against the contract assembly shipped with the server
/// (not copied to the output: the server provides it), and a working classifier to start from.</summary>
public static partial class PluginScaffold
{
    public static string Write(string name, string parent, string contractAssembly)
    {
        if (!Identifier().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a usable plugin name: letters and digits, starting with a letter (it names the folder, assembly and class).");
        }

        var folder = Path.Combine(parent, name);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new IOException($"{folder} already exists and is not empty.");
        }

        Directory.CreateDirectory(folder);
        var key = string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <!-- The folder and main assembly share this name: <data-dir>/plugins/{name}/{name}.dll. -->
                <AssemblyName>{name}</AssemblyName>
                <!-- Bump for every build you deploy: history records it as the cause of the changes it makes. -->
                <Version>1.0.0</Version>
                <!-- The output folder carries the plugin's own dependencies. -->
                <EnableDynamicLoading>true</EnableDynamicLoading>
              </PropertyGroup>
              <ItemGroup>
                <!-- The plugin contract, as shipped with the server. Not copied: the server shares its own. -->
                <Reference Include="LedgerGrpc.Plugins.Abstractions">
                  <HintPath>{contractAssembly}</HintPath>
                  <Private>false</Private>
                </Reference>
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(folder, name + "Plugin.cs"), $$"""
            using LedgerGrpc.Plugins;

            namespace {{name}};

            /// <summary>A starting point: customers by how much they spent in the last 90 days.</summary>
            public sealed class {{name}}Plugin : ClassifierPlugin
            {
                private const string Dimension = "{{key}}";

                public override PluginDeclaration Declare() => new(
                    "{{name}}",
                    typeof({{name}}Plugin).Assembly.GetName().Version!,
                    [
                        new DimensionDeclaration(Dimension, "{{name}}", new Dictionary<string, string>
                        {
                            ["big"] = "Big spender",
                            ["regular"] = "Regular",
                            ["quiet"] = "Quiet",
                        }, "quiet"),
                    ]);

                public override void Classify(ICustomerFeatures customer, object? population, ClassificationResult result)
                {
                    var segment = customer.Spend90 >= 10_000 ? "big" : customer.Orders90 > 0 ? "regular" : "quiet";
                    result.Assign(Dimension, segment, result.WantsReason ? $"{customer.Spend90:0.##} spent in {customer.Orders90} orders over 90 days" : "");
                }
            }

            """);
        return folder;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex Identifier();
}
