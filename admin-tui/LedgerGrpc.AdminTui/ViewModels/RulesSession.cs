using LedgerGrpc.Protos.Ledger.V1;

namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// The editing state of the rules screen: which workflow and version the draft came from (the publish precondition),
/// whether it changed, the versions marked for a diff, and the message for a stale publish.
/// </summary>
public sealed class RulesSession
{
    private readonly List<int> _marked = [];

    public string Name { get; private set; } = "";
    /// <summary>The workflow's current version when the draft was loaded: publish sends it as expected_version.</summary>
    public int BaseVersion { get; private set; }
    public int ShownVersion { get; private set; }
    public string LoadedJson { get; private set; } = "";
    public IReadOnlyList<WorkflowVersion> Versions { get; private set; } = [];
    public IReadOnlyList<int> Marked => _marked;

    public void Loaded(WorkflowVersion version, int currentVersion)
    {
        if (version.Name != Name)
        {
            _marked.Clear();
        }

        Name = version.Name;
        BaseVersion = currentVersion;
        ShownVersion = version.Version;
        LoadedJson = version.WorkflowJson;
    }

    /// <summary>A new workflow typed from scratch: publishing creates it (expected version 0).</summary>
    public void New()
    {
        Name = "";
        BaseVersion = 0;
        ShownVersion = 0;
        LoadedJson = "";
        _marked.Clear();
        Versions = [];
    }

    public void SetVersions(IEnumerable<WorkflowVersion> versions) => Versions = versions.OrderByDescending(v => v.Version).ToList();

    public bool IsDirty(string text) => Normalise(text) != Normalise(LoadedJson);

    /// <summary>Space on a version: marks it for the diff (at most two; a third replaces the oldest mark).</summary>
    public void ToggleMark(int version)
    {
        if (!_marked.Remove(version))
        {
            _marked.Add(version);
            if (_marked.Count > 2)
            {
                _marked.RemoveAt(0);
            }
        }
    }

    /// <summary>What `d` compares: the two marked versions (older first), or one marked/selected version against the draft.</summary>
    public (int From, int? To) DiffTarget(int selectedVersion)
    {
        if (_marked.Count == 2)
        {
            return (Math.Min(_marked[0], _marked[1]), Math.Max(_marked[0], _marked[1]));
        }

        return (_marked.Count == 1 ? _marked[0] : selectedVersion, null);
    }

    public string Title(string text, int line, int column)
        => (Name.Length == 0 ? "new workflow" : $"{Name} v{ShownVersion}{(ShownVersion != BaseVersion ? $" (current v{BaseVersion})" : "")}")
           + (IsDirty(text) ? " [modified]" : "") + $" · {line}:{column}";

    /// <summary>The publish failed with ABORTED: someone else published first.</summary>
    public string StaleMessage(string serverMessage)
        => $"stale: {Name} changed on the server since v{BaseVersion} ({serverMessage}). Press r to reload the current version (your draft is replaced), or d to diff first.";

    private static string Normalise(string text) => text.ReplaceLineEndings("\n").TrimEnd();
}
