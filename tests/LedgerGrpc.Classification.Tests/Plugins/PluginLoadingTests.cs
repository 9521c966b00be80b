using LedgerGrpc.Classification.Plugins;
using LedgerGrpc.Plugins;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Classification.Tests.Plugins;

/// <summary>What is refused at load, and what isolation the load context gives.</summary>
public sealed class PluginLoadingTests
{
    [Fact]
    public async Task A_plugin_built_against_another_contract_major_is_refused_naming_both_versions_and_the_server_runs_on()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.WrongContract, PluginBuilds.ChurnRisk);

        var info = bed.Host.Get("WrongContract");
        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("contract 2.0", info.Message);
        Assert.Contains($"contract {ContractVersion.Current.Major}.{ContractVersion.Current.Minor}", info.Message);
        Assert.Null(bed.Engine.Snapshot.Find("wrong_contract_test"));
        // The other plugin and every workflow dimension are live.
        Assert.Equal(PluginStatus.Loaded, bed.Host.Get("ChurnRisk").Status);
        Assert.All(bed.Active, e => Assert.Contains(e.Memberships, m => m.Dimension == "churn_risk"));
        Assert.All(bed.Active, e => Assert.Contains(e.Memberships, m => m.Dimension == "value_tier"));
    }

    [Fact]
    public async Task A_plugin_declaring_a_workflow_dimension_key_is_refused_and_the_workflow_keeps_its_dimension()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.Clashes);

        var info = bed.Host.Get("Clashes");
        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("'value_tier'", info.Message);
        Assert.Contains("a workflow already defines", info.Message);
        Assert.Equal("workflow", bed.Engine.Snapshot.Find("value_tier")!.Source);
        Assert.DoesNotContain(bed.Active.SelectMany(e => e.Memberships), m => m.Segment == "x" && m.Dimension == "value_tier");
    }

    [Fact]
    public async Task A_plugin_runs_its_own_version_of_a_library_the_host_also_uses()
    {
        await using var bed = await PluginTestBed.StartAsync(null, PluginBuilds.OwnCsvHelper);

        // This process runs CsvHelper 34 (the server's version); the plugin shipped 33 and sees 33.
        Assert.Equal(34, typeof(CsvHelper.CsvReader).Assembly.GetName().Version!.Major);
        Assert.Equal(PluginStatus.Loaded, bed.Host.Get("OwnCsvHelper").Status);
        Assert.All(bed.Active, e => Assert.Equal("v33", e.Memberships.Single(m => m.Dimension == "csvhelper_test").Segment));
    }

    [Fact]
    public async Task A_folder_without_its_main_assembly_is_reported_not_fatal()
    {
        using var data = new TempDirectory("cls-plugin-empty");
        await using var bed = await PluginTestBed.StartAsync(o => { }, PluginBuilds.Abc);
        Directory.CreateDirectory(Path.Combine(bed.PluginsDir, "Empty"));
        File.WriteAllText(Path.Combine(bed.PluginsDir, "Empty", "readme.txt"), "no assembly here");

        await bed.Host.ScanAsync(CancellationToken.None);

        var info = bed.Host.Get("Empty");
        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("Empty.dll is missing", info.Message);
        Assert.Equal(PluginStatus.Loaded, bed.Host.Get("Abc").Status);
    }
}
