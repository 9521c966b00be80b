using System.Drawing;
using System.Globalization;
using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

#pragma warning disable CS0618 // TextView is the multi-line editor this Terminal.Gui version ships (its successor is a separate package).

/// <summary>
/// Workflows and versions on the left; the JSON editor (validated as you type) and a results pane (diagnostics, test,
/// preview, diff) on the right. Ctrl+S publishes with a comment; a stale version says so and r reloads.
/// </summary>
internal sealed class RulesScreen : Screen
{
    private static readonly TimeSpan ValidateDelay = TimeSpan.FromMilliseconds(300);
    private readonly RulesSession _session = new();
    private readonly FrameView _workflowsFrame = new() { HotKeySpecifier = Plain.NoHotKey, Title = "Workflows", Width = Dim.Percent(30), Height = Dim.Percent(50), CanFocus = true };
    private readonly LinesView _workflows = new() { Width = Dim.Fill(), Height = Dim.Fill() };
    private readonly FrameView _versionsFrame = new() { HotKeySpecifier = Plain.NoHotKey, Title = "Versions", Width = Dim.Percent(30), Height = Dim.Fill(), CanFocus = true };
    private readonly LinesView _versions = new() { Width = Dim.Fill(), Height = Dim.Fill() };
    private readonly FrameView _editorFrame = new() { HotKeySpecifier = Plain.NoHotKey, Title = "Editor", Width = Dim.Fill(), Height = Dim.Percent(60), CanFocus = true };
    private readonly TextView _editor = new() { Width = Dim.Fill(), Height = Dim.Fill(), WordWrap = false };
    private readonly FrameView _resultsFrame = new() { HotKeySpecifier = Plain.NoHotKey, Title = "Diagnostics", Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
    private readonly LinesView _results = new() { Width = Dim.Fill(), Height = Dim.Fill() };
    private IReadOnlyList<WorkflowSummary> _list = [];
    private IReadOnlyList<Diagnostic> _diagnostics = [];
    private bool _showingDiagnostics = true;
    private object? _validateTimer;
    private int _validation;
    private bool _loading;

    public RulesScreen(IShell shell) : base(shell)
    {
        _versionsFrame.Y = Pos.Bottom(_workflowsFrame);
        _editorFrame.X = Pos.Right(_workflowsFrame);
        _resultsFrame.X = Pos.Right(_workflowsFrame);
        _resultsFrame.Y = Pos.Bottom(_editorFrame);
        _workflowsFrame.Add(_workflows);
        _versionsFrame.Add(_versions);
        _editorFrame.Add(_editor);
        _resultsFrame.Add(_results);
        Add(_workflowsFrame, _versionsFrame, _editorFrame, _resultsFrame);
        _editor.ContentsChanged += (_, _) => EditorChanged();
        _editor.HasFocusChanged += (_, _) => Shell.KeysChanged();
    }

    public override ScreenKind Kind => ScreenKind.Rules;

    /// <summary>While the editor has focus, letters are text: the footer says how to get out.</summary>
    private static readonly IReadOnlyList<KeyHelp> EditorKeys =
    [
        new("Esc", "leave the editor (then t test, P preview, d diff)"),
        new("^S", "publish the draft with a comment"),
    ];

    public override IReadOnlyList<KeyHelp> Keys => _editor.HasFocus ? EditorKeys : ListKeys;

    private static readonly IReadOnlyList<KeyHelp> ListKeys =
    [
        new("Enter", "open a workflow · load a version · jump to a diagnostic"),
        new("e", "edit (focus the editor; Esc leaves it)"),
        new("t", "test the draft against a customer"),
        new("P", "preview the draft on the whole ledger"),
        new("^S", "publish the draft with a comment"),
        new("d", "diff: marked versions, or the selected version against the draft"),
        new("v", "go to the versions (↑/↓ select, Space marks, R rolls back)", InFooter: false),
        new("Space", "mark a version for the diff", InFooter: false),
        new("R", "roll back to the selected version", InFooter: false),
        new("D", "delete the workflow", InFooter: false),
        new("r", "reload the current version (drops the draft)", InFooter: false),
        new("N", "new workflow (empty editor)", InFooter: false),
    ];

    public override string? Filter => null;

    /// <summary>`:rules` lists workflows and opens the first; `:rules value_tier` opens that one.</summary>
    protected override void OnOpen(string argument)
    {
        _workflows.SetLines(["loading…"]);
        LoadWorkflows(argument.Trim());
    }

    protected override void OnClose()
    {
        if (_validateTimer is not null)
        {
            Shell.App.RemoveTimeout(_validateTimer);
            _validateTimer = null;
        }
    }

    public override void Reconnected() => LoadWorkflows(_session.Name);

    private void LoadWorkflows(string open)
    {
        Load(o => Connection.Rules.ListWorkflowsAsync(new ListWorkflowsRequest(), o).ResponseAsync, r =>
        {
            _list = r.Workflows.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
            var width = Math.Max(10, _workflows.Viewport.Width);
            _workflows.SetLines(_list.Count == 0 ? ["no workflows"] : _list.Select(w => RulesFormat.Workflow(w, width)).ToList());
            ReportFirstContent();
            var name = open.Length > 0 ? open : _session.Name.Length > 0 ? _session.Name : _list.FirstOrDefault()?.Name ?? "";
            var index = _list.ToList().FindIndex(w => w.Name == name);
            if (index >= 0)
            {
                _workflows.Select(index);
                if (open.Length > 0 || _session.Name != name || !_session.IsDirty(_editor.Text))
                {
                    OpenWorkflow(name, 0);
                }
            }
            else if (open.Length > 0)
            {
                Shell.Status($"no workflow named '{open}'", error: true);
            }
        });
    }

    private void OpenWorkflow(string name, int version)
    {
        Load(o => Connection.Rules.ListVersionsAsync(new ListVersionsRequest { Name = name }, o).ResponseAsync, r =>
        {
            _session.SetVersions(r.Versions);
            ShowVersions();
        });
        Load(o => Connection.Rules.GetWorkflowAsync(new GetWorkflowRequest { Name = name }, o).ResponseAsync, current =>
        {
            if (version == 0 || version == current.Version)
            {
                ShowDraft(current, current.Version);
            }
            else
            {
                Load(o => Connection.Rules.GetWorkflowAsync(new GetWorkflowRequest { Name = name, Version = version }, o).ResponseAsync, v => ShowDraft(v, current.Version));
            }
        });
    }

    private void ShowDraft(WorkflowVersion version, int current)
    {
        _session.Loaded(version, current);
        _loading = true;
        _editor.Text = version.WorkflowJson;
        _loading = false;
        _editor.InsertionPoint = new Point(0, 0);
        ShowVersions();
        UpdateTitle();
        Validate();
    }

    private void ShowVersions()
    {
        var width = Math.Max(10, _versions.Viewport.Width);
        _versionsFrame.Title = $"Versions of {_session.Name}";
        _versions.SetLines(_session.Versions.Count == 0 ? ["(none)"] : _session.Versions.Select(v => RulesFormat.Version(v, _session.BaseVersion, _session.Marked.Contains(v.Version), width)).ToList());
    }

    private void UpdateTitle()
    {
        var point = _editor.InsertionPoint;
        _editorFrame.Title = _session.Title(_editor.Text, point.Y + 1, point.X + 1);
    }

    private void EditorChanged()
    {
        if (_loading)
        {
            return;
        }

        UpdateTitle();
        // Validate once typing pauses, not on every key.
        if (_validateTimer is not null)
        {
            Shell.App.RemoveTimeout(_validateTimer);
        }

        _validateTimer = Shell.App.AddTimeout(ValidateDelay, () =>
        {
            _validateTimer = null;
            Validate();
            return false;
        });
    }

    private void Validate()
    {
        var request = ++_validation;
        var json = _editor.Text;
        Load(o => Connection.Rules.ValidateWorkflowAsync(new ValidateWorkflowRequest { WorkflowJson = json }, o).ResponseAsync, r =>
        {
            if (request != _validation)
            {
                return;
            }

            _diagnostics = r.Diagnostics.ToList();
            if (_showingDiagnostics || _diagnostics.Any(d => d.Severity == "error"))
            {
                ShowDiagnostics();
            }
        });
    }

    private void ShowDiagnostics()
    {
        _showingDiagnostics = true;
        _resultsFrame.Title = "Diagnostics";
        _results.SetLines(RulesFormat.Diagnostics(_diagnostics, valid: true));
    }

    private void ShowResults(string title, IReadOnlyList<string> lines)
    {
        _showingDiagnostics = false;
        _resultsFrame.Title = title;
        _results.SetLines(lines);
        _results.SelectedItem = 0;
    }

    public override bool Back()
    {
        if (_editor.HasFocus)
        {
            _results.SetFocus();
            return true;
        }

        if (!_showingDiagnostics)
        {
            ShowDiagnostics();
            return true;
        }

        return false;
    }

    public override void Save()
    {
        var json = _editor.Text;
        if (_diagnostics.Any(d => d.Severity == "error"))
        {
            Shell.Status("fix the errors before publishing (see Diagnostics)", error: true);
            return;
        }

        Shell.Prompt("publish comment: ", "", comment =>
        {
            var expected = _session.BaseVersion;
            Shell.Status("publishing…");
            Load(o => Connection.Rules.PublishWorkflowAsync(new PublishWorkflowRequest { WorkflowJson = json, Comment = comment.Trim(), ExpectedVersion = expected }, o).ResponseAsync, r =>
            {
                Shell.Jobs.Started(r.ReclassificationId, r.Name, r.Version);
                Shell.Status($"published {r.Name} v{r.Version}; re-classification job #{r.ReclassificationId} running (see the dashboard)");
                LoadWorkflows(r.Name);
            }, failed =>
            {
                if (failed.Code == Grpc.Core.StatusCode.Aborted)
                {
                    ShowResults("Publish refused", [_session.StaleMessage(failed.Error)]);
                    Shell.Status("stale version: press r to reload", error: true);
                }
                else
                {
                    Shell.Status("publish failed: " + failed.Error, error: true);
                }
            });
        });
    }

    public override bool HandleKey(Key key)
    {
        if (key == Key.Enter)
        {
            return Enter();
        }

        if (MainWindow.IsChar(key, 'e'))
        {
            _editor.SetFocus();
            return true;
        }

        if (MainWindow.IsChar(key, 'v'))
        {
            _versions.SetFocus();
            return true;
        }

        if (MainWindow.IsChar(key, ' ') && _versions.HasFocus && SelectedVersion() is { } marked)
        {
            _session.ToggleMark(marked.Version);
            ShowVersions();
            return true;
        }

        if (MainWindow.IsChar(key, 't'))
        {
            Test();
            return true;
        }

        if (MainWindow.IsChar(key, 'P'))
        {
            Preview();
            return true;
        }

        if (MainWindow.IsChar(key, 'd'))
        {
            Diff();
            return true;
        }

        if (MainWindow.IsChar(key, 'R'))
        {
            Rollback();
            return true;
        }

        if (MainWindow.IsChar(key, 'D'))
        {
            Delete();
            return true;
        }

        if (MainWindow.IsChar(key, 'r'))
        {
            if (_session.Name.Length > 0)
            {
                OpenWorkflow(_session.Name, 0);
                Shell.Status($"reloaded {_session.Name}");
            }

            return true;
        }

        if (MainWindow.IsChar(key, 'N'))
        {
            _session.New();
            _loading = true;
            _editor.Text = "{\n  \"WorkflowName\": \"\",\n  \"Rules\": [\n  ]\n}\n";
            _loading = false;
            ShowVersions();
            UpdateTitle();
            Validate();
            _editor.SetFocus();
            return true;
        }

        return false;
    }

    private bool Enter()
    {
        if (_workflows.HasFocus && _workflows.Selected >= 0 && _workflows.Selected < _list.Count)
        {
            OpenWorkflow(_list[_workflows.Selected].Name, 0);
            return true;
        }

        if (_versions.HasFocus && SelectedVersion() is { } version)
        {
            OpenWorkflow(_session.Name, version.Version);
            return true;
        }

        if (_results.HasFocus && _showingDiagnostics)
        {
            // Row 0 is the summary line; the diagnostics follow in order.
            var index = _results.Selected - 1;
            if (index >= 0 && index < _diagnostics.Count && _diagnostics[index].Line > 0)
            {
                var d = _diagnostics[index];
                _editor.SetFocus();
                _editor.InsertionPoint = new Point(Math.Max(0, d.Column - 1), d.Line - 1);
                UpdateTitle();
                Shell.Status($"cursor at {d.Line}:{d.Column}: {d.Message}");
            }

            return true;
        }

        return false;
    }

    private WorkflowVersion? SelectedVersion()
    {
        var index = _versions.Selected;
        return index >= 0 && index < _session.Versions.Count ? _session.Versions[index] : null;
    }

    private void Test()
    {
        var json = _editor.Text;
        Shell.Prompt("test against customer id: ", "", text =>
        {
            if (CustomerSearch.AsId(text) is not { } id)
            {
                Shell.Status("a customer id is a positive number", error: true);
                return;
            }

            ShowResults($"Test on #{id}", ["testing…"]);
            Load(o => Connection.Rules.TestWorkflowAsync(new TestWorkflowRequest { WorkflowJson = json, CustomerId = id }, o).ResponseAsync,
                r => ShowResults($"Test on #{id}", RulesFormat.Test(r, Math.Max(20, _results.Viewport.Width))));
        });
    }

    private void Preview()
    {
        var json = _editor.Text;
        ShowResults("Preview", ["previewing on the whole ledger…"]);
        Load(o => Connection.Rules.PreviewWorkflowAsync(new PreviewWorkflowRequest { WorkflowJson = json, SamplesPerMove = 5 }, o).ResponseAsync,
            r => ShowResults("Preview (nothing changed)", RulesFormat.Preview(r, Math.Max(20, _results.Viewport.Width))),
            deadline: TimeSpan.FromMinutes(5));
    }

    private void Diff()
    {
        if (_session.Name.Length == 0)
        {
            Shell.Status("open a workflow first");
            return;
        }

        var selected = SelectedVersion()?.Version ?? _session.BaseVersion;
        var (from, to) = _session.DiffTarget(selected);
        var draft = _editor.Text;
        var name = _session.Name;
        Load(async o =>
        {
            var a = await Connection.Rules.GetWorkflowAsync(new GetWorkflowRequest { Name = name, Version = from }, o).ResponseAsync.ConfigureAwait(false);
            var b = to is { } v ? (await Connection.Rules.GetWorkflowAsync(new GetWorkflowRequest { Name = name, Version = v }, o).ResponseAsync.ConfigureAwait(false)).WorkflowJson : draft;
            return LineDiff.Unified(a.WorkflowJson, b);
        }, lines => ShowResults($"Diff v{from} → {(to is { } t ? "v" + t.ToString(CultureInfo.InvariantCulture) : "draft")}", lines));
    }

    private void Rollback()
    {
        if (SelectedVersion() is not { } version)
        {
            Shell.Status("select a version in Versions first");
            return;
        }

        var name = _session.Name;
        var expected = _session.BaseVersion;
        Shell.Prompt($"roll {name} back to v{version.Version}; comment: ", "", comment =>
            Load(o => Connection.Rules.RollbackWorkflowAsync(new RollbackWorkflowRequest { Name = name, ToVersion = version.Version, Comment = comment.Trim(), ExpectedVersion = expected }, o).ResponseAsync, r =>
            {
                Shell.Jobs.Started(r.ReclassificationId, r.Name, r.Version);
                Shell.Status($"rolled back: {r.Name} v{r.Version} is a copy of v{version.Version}; job #{r.ReclassificationId}");
                LoadWorkflows(r.Name);
            }, failed => Shell.Status((failed.Code == Grpc.Core.StatusCode.Aborted ? _session.StaleMessage(failed.Error) : "rollback failed: " + failed.Error), error: true)));
    }

    private void Delete()
    {
        var name = _session.Name;
        if (name.Length == 0)
        {
            return;
        }

        var expected = _session.BaseVersion;
        Shell.Prompt($"delete {name}? type its name to confirm: ", "", typed =>
        {
            if (typed.Trim() != name)
            {
                Shell.Status("not deleted (the name did not match)");
                return;
            }

            Shell.Prompt("comment: ", "", comment =>
                Load(o => Connection.Rules.DeleteWorkflowAsync(new DeleteWorkflowRequest { Name = name, Comment = comment.Trim(), ExpectedVersion = expected }, o).ResponseAsync, _ =>
                {
                    Shell.Status($"deleted {name}");
                    _session.New();
                    LoadWorkflows("");
                }));
        });
    }
}
