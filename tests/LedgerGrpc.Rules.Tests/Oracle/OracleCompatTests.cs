using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace LedgerGrpc.Rules.Tests.Oracle;

/// <summary>Microsoft RulesEngine 6.0.1 is the oracle: every rules-compat case runs through it and through LedgerGrpc,
/// and every difference must be either a documented deliberate one (exactly as listed) or a listed known gap.</summary>
public sealed class OracleCompatTests(ITestOutputHelper output, OracleReport report) : IClassFixture<OracleReport>
{
    private static readonly Lazy<List<(string Key, string Difference)>> AllDifferences = new(() =>
        [.. OracleCases.Files().SelectMany(f => OracleCases.Differences(File.ReadAllText(f), Path.GetFileName(f)))]);

    [Fact]
    public void The_test_copy_of_the_cases_is_the_shared_one()
    {
        var shared = SharedCasesFolder();
        if (shared is null)
        {
            // Outside the workplace (a bare clone) there is no shared folder to compare with; the copy is then the reference.
            output.WriteLine("no shared/rules-compat found above the test folder; the test copy was not compared");
            return;
        }

        var ours = Directory.GetFiles(OracleCases.Folder, "*.json*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(OracleCases.Folder, p)).Order(StringComparer.Ordinal).ToArray();
        var theirs = Directory.GetFiles(shared!, "*.json*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(shared!, p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(theirs, ours);
        foreach (var file in theirs)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(shared!, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(OracleCases.Folder, file))),
                $"tests/LedgerGrpc.Rules.Tests/Compat/{file} differs from shared/rules-compat/{file}: copy the shared one");
        }
    }

    [Fact]
    public void RulesEngine_reproduces_the_reference_results()
    {
        // The harness itself is checked first: run through RulesEngine, every case gives exactly expected.jsonl.
        var expected = File.ReadLines(Path.Combine(OracleCases.Folder, "expected.jsonl"))
            .Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var problems = new List<string>();
        foreach (var file in OracleCases.CompatFiles())
        {
            var name = Path.GetFileName(file);
            var oracle = RulesEngineCaseRunner.RunFile(file).ToList();
            var reference = expected.Where(l => (string)l["file"]! == name).ToList();
            foreach (var input in reference.Concat(oracle).Select(l => (int)l["input"]!).Distinct())
            {
                var theirs = OracleCases.ForInput(reference, input);
                var ours = OracleCases.ForInput(oracle, input);
                problems.AddRange(ResultDiff.Compare($"{name}#{input}", theirs, ours).Select(d => $"{d.Key}: {d.Difference}"));
                problems.AddRange(theirs.Zip(ours).Where(p => p.First["rule"] is not null && FirstLine(p.First["error"]) != FirstLine(p.Second["error"]))
                    .Select(p => $"{name}#{input}/{p.First["rule"]}: error {p.First["error"]} vs {p.Second["error"]}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void LedgerGrpc_answers_as_RulesEngine_except_documented_differences_and_known_gaps()
    {
        var unexplained = new List<string>();
        var gaps = new SortedSet<string>(StringComparer.Ordinal);
        var documented = new HashSet<(string, string)>();
        foreach (var (key, difference) in AllDifferences.Value)
        {
            if (KnownDifferences.Documented.ContainsKey((key, difference)))
            {
                documented.Add((key, difference));
            }
            else if (KnownDifferences.IsGap(key))
            {
                gaps.Add(KnownDifferences.GapKey(key));
                output.WriteLine($"known gap {key}: {difference}");
            }
            else
            {
                unexplained.Add($"{key}: {difference}");
            }
        }

        var results = File.ReadLines(Path.Combine(OracleCases.Folder, "expected.jsonl")).Count(l => l.Length > 0);
        report.Write(output, $"RulesEngine oracle: {OracleCases.Files().Count()} case files ({results} shared reference results), {documented.Count} documented differences, {gaps.Count} known gaps (Oracle/known-gaps.txt), {unexplained.Count} unexplained");
        Assert.True(unexplained.Count == 0, "differences from RulesEngine that are neither documented nor known gaps:\n" + string.Join("\n", unexplained));

        var stale = KnownDifferences.Gaps.Keys.Where(k => !k.StartsWith("feature:", StringComparison.Ordinal) && !gaps.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "known gaps that now agree with RulesEngine (remove them from Oracle/known-gaps.txt):\n" + string.Join("\n", stale));
        var unseen = KnownDifferences.Documented.Keys.Where(k => !k.Key.StartsWith("gen:", StringComparison.Ordinal) && !documented.Contains(k)).ToList();
        Assert.True(unseen.Count == 0, "documented differences no longer observed (remove them from Oracle/documented-differences.txt):\n" + string.Join("\n", unseen.Select(u => $"{u.Key}: {u.Difference}")));
    }

    [Fact]
    public void Every_documented_difference_is_explained_in_the_compatibility_notes()
    {
        var missing = KnownDifferences.Documented.Where(d => !KnownDifferences.CompatNotes.Contains(d.Value, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/rules-compat.md does not contain:\n" + string.Join("\n", missing.Select(m => m.Value)));
    }

    // Exception texts end with a stack trace whose compiled-lambda names change from run to run.
    private static string? FirstLine(JsonNode? error) => ((string?)error)?.Split('\n')[0];

    // The shared cases sit beside the repository (../shared/rules-compat, or further up for a worktree).
    private static string? SharedCasesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared", "rules-compat");
            if (File.Exists(Path.Combine(shared, "expected.jsonl")))
            {
                return shared;
            }
        }

        return null;
    }
}
