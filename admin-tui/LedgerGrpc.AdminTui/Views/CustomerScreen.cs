using LedgerGrpc.AdminTui.Navigation;
using LedgerGrpc.AdminTui.ViewModels;
using LedgerGrpc.Protos.Ledger.V1;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>
/// Search, then one customer: profile, totals, credit, aging chart on the left; memberships (with Explain), transactions,
/// invoices, notes, history and the manual class tree on the right; overrides and class assignment from here.
/// </summary>
internal sealed class CustomerScreen : Screen
{
    private const int PageSize = 50;
    private readonly Label _searchLabel = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = 0, Text = "search:" };
    private readonly TextField _search = new() { X = 8, Y = 0, Width = Dim.Fill() };
    private readonly LinesView _results = new() { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill() };
    private readonly FrameView _profileFrame = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = 1, Width = Dim.Percent(48), Height = Dim.Fill(), Title = "Customer", CanFocus = true };
    private readonly LinesView _profile = new() { Width = Dim.Fill(), Height = Dim.Fill() };
    private readonly FrameView _sectionFrame = new() { HotKeySpecifier = Plain.NoHotKey, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
    private readonly LinesView _section = new() { Width = Dim.Fill(), Height = Dim.Fill() };
    private IReadOnlyList<Customer> _found = [];
    private Customer? _customer;
    private Receivables? _receivables;
    private ClassifyResponse? _classification;
    private IReadOnlyList<Protos.Ledger.V1.Dimension> _dimensions = [];
    private IReadOnlyList<(string Code, string Line)> _categories = [];
    private CustomerSection _current = CustomerSection.Memberships;
    private bool _explaining;
    private PageCursor _sectionPages = new();
    private int _generation;

    public CustomerScreen(IShell shell) : base(shell)
    {
        _sectionFrame.X = Pos.Right(_profileFrame);
        _profileFrame.Add(_profile);
        _sectionFrame.Add(_section);
        Add(_searchLabel, _search, _results, _profileFrame, _sectionFrame);
        _profile.ViewportChanged += (_, _) => ShowProfile();
        _search.Accepting += (_, e) =>
        {
            e.Handled = true;
            Search(_search.Text);
        };
        ShowSearch();
    }

    public override ScreenKind Kind => ScreenKind.Customer;

    public override IReadOnlyList<KeyHelp> Keys { get; } =
    [
        new("f", "find a customer (name, ref, phone, email, tax id, id)"),
        new("1-6", "memberships, transactions, invoices, notes, history, classes"),
        new("Enter", "explain a membership · assign a class · open a result"),
        new("o", "override the selected membership (segment, reason)"),
        new("x", "clear the selected membership's override"),
        new("u", "remove the manual class", InFooter: false),
        new("n", "next page of the section", InFooter: false),
        new("p", "first page of the section", InFooter: false),
        new("r", "reload", InFooter: false),
    ];

    protected override void OnOpen(string argument)
    {
        if (CustomerSearch.AsId(argument) is { } id)
        {
            OpenCustomer(id);
        }
        else if (argument.Length > 0)
        {
            _search.Text = argument;
            Search(argument);
        }
        else if (_customer is not null)
        {
            ShowDetail();
            ReportFirstContent();
        }
        else
        {
            ShowSearch();
            _search.SetFocus();
            ReportFirstContent();
        }

        Load(o => Connection.Segments.ListDimensionsAsync(new ListDimensionsRequest(), o).ResponseAsync, r => _dimensions = r.Dimensions.ToList());
    }

    public override void Reconnected()
    {
        if (_customer is not null)
        {
            OpenCustomer(_customer.Id);
        }
    }

    private void ShowSearch()
    {
        _results.Visible = true;
        _profileFrame.Visible = false;
        _sectionFrame.Visible = false;
        _customer = null;
    }

    private void ShowDetail()
    {
        _results.Visible = false;
        _profileFrame.Visible = true;
        _sectionFrame.Visible = true;
    }

    private void Search(string text)
    {
        var query = text.Trim();
        if (query.Length == 0)
        {
            return;
        }

        ShowSearch();
        _results.SetLines(["searching…"]);
        Load(async o =>
        {
            var listing = Connection.Ledger.ListCustomersAsync(new ListCustomersRequest { Search = query, PageSize = 100 }, o).ResponseAsync;
            var byRef = Exact(() => Connection.Ledger.GetCustomerAsync(new GetCustomerRequest { ExternalRef = query }, o).ResponseAsync);
            var byId = CustomerSearch.AsId(query) is { } id ? Exact(() => Connection.Ledger.GetCustomerAsync(new GetCustomerRequest { Id = id }, o).ResponseAsync) : Task.FromResult<Customer?>(null);
            var list = await listing.ConfigureAwait(false);
            var exact = new[] { await byId.ConfigureAwait(false), await byRef.ConfigureAwait(false) }.OfType<Customer>();
            return CustomerSearch.Merge(exact, list.Customers);
        }, found =>
        {
            _found = found;
            var width = Math.Max(20, _results.Viewport.Width);
            _results.SetLines(found.Count == 0 ? [$"no customer matches '{query}'"] : found.Select(c => CustomerFormat.SearchResult(c, width)).ToList());
            _results.SelectedItem = 0;
            _results.SetFocus();
            ReportFirstContent();
        });
    }

    private static async Task<Customer?> Exact(Func<Task<Customer>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    private void OpenCustomer(long id)
    {
        var generation = ++_generation;
        _explaining = false;
        ShowDetail();
        _profileFrame.Title = $"Customer #{id}";
        _profile.SetLines(["loading…"]);
        Load(o => Connection.Ledger.GetCustomerAsync(new GetCustomerRequest { Id = id }, o).ResponseAsync, c =>
        {
            if (generation != _generation)
            {
                return;
            }

            _customer = c;
            ShowProfile();
            ReportFirstContent();
            _profile.SetFocus();
        }, failed =>
        {
            _profile.SetLines([failed.Error]);
            Shell.Status(failed.Error, error: true);
        });
        Load(o => Connection.Ledger.GetReceivablesAsync(new GetReceivablesRequest { CustomerId = id }, o).ResponseAsync, r =>
        {
            if (generation == _generation)
            {
                _receivables = r;
                ShowProfile();
            }
        });
        Load(o => Connection.Segments.ClassifyAsync(new ClassifyRequest { CustomerId = id }, o).ResponseAsync, r =>
        {
            if (generation == _generation)
            {
                _classification = r;
                if (_current == CustomerSection.Memberships)
                {
                    ShowSection(CustomerSection.Memberships);
                }
            }
        });
        ShowSection(_current);
    }

    private void ShowProfile()
    {
        if (_customer is null)
        {
            return;
        }

        _profileFrame.Title = $"Customer #{_customer.Id}";
        _profile.SetLines(CustomerFormat.Profile(_customer, _receivables?.CustomerId == _customer.Id ? _receivables : null, Math.Max(20, _profile.Viewport.Width)));
    }

    private long CustomerId => _customer?.Id ?? CustomerSearch.AsId(_profileFrame.Title.Split('#').LastOrDefault() ?? "") ?? 0;

    /// <summary>The Explain trace takes the whole width (expressions are long); the profile comes back with Esc.</summary>
    private void Wide(bool wide)
    {
        _profileFrame.Visible = !wide;
        _sectionFrame.X = wide ? 0 : Pos.Right(_profileFrame);
    }

    private void ShowSection(CustomerSection section, bool keepPage = false)
    {
        _current = section;
        _explaining = false;
        Wide(false);
        if (!keepPage)
        {
            _sectionPages = new PageCursor();
        }

        var id = CustomerId;
        var generation = _generation;
        var width = Math.Max(20, _section.Viewport.Width);
        _sectionFrame.Title = $"{(int)section} {section}" + (_sectionPages.Page > 0 ? $" · page {_sectionPages.Page + 1}" : "");
        if (id == 0)
        {
            return;
        }

        void Lines(IReadOnlyList<string> lines, string empty)
        {
            if (generation == _generation && _current == section)
            {
                _section.SetLines(lines.Count == 0 ? [empty] : lines.Select(l => Formatting.Format.Fit(l, width)).ToList());
            }
        }

        var token = _sectionPages.Token;

        // One page of a section's list; the page cursor remembers the server's token for `n`.
        void Paged<T>(Func<Grpc.Core.CallOptions, Task<T>> call, Func<T, string> next, Func<T, IEnumerable<string>> format, string empty)
        {
            _section.SetLines(["loading…"]);
            Load(call, r =>
            {
                _sectionPages.Loaded(next(r));
                Lines(format(r).ToList(), empty);
            });
        }

        switch (section)
        {
            case CustomerSection.Memberships:
                if (_classification?.CustomerId == id)
                {
                    Lines(CustomerFormat.Memberships(_classification, width), "no memberships");
                    _sectionFrame.Title += _classification.CategoryCode.Length > 0 ? " · class " + _classification.CategoryCode : "";
                }
                else
                {
                    _section.SetLines(["loading…"]);
                }

                break;
            case CustomerSection.Transactions:
                Paged(o => Connection.Ledger.ListTransactionsAsync(new ListTransactionsRequest { CustomerId = id, PageSize = PageSize, PageToken = token }, o).ResponseAsync,
                    r => r.NextPageToken, r => r.Transactions.Select(CustomerFormat.Transaction), "no transactions");
                break;
            case CustomerSection.Invoices:
                Paged(o => Connection.Ledger.ListInvoicesAsync(new ListInvoicesRequest { CustomerId = id, PageSize = PageSize, PageToken = token }, o).ResponseAsync,
                    r => r.NextPageToken, r => r.Invoices.Select(CustomerFormat.Invoice), "no invoices");
                break;
            case CustomerSection.Notes:
                Paged(o => Connection.Ledger.ListNotesAsync(new ListNotesRequest { CustomerId = id, PageSize = PageSize, PageToken = token }, o).ResponseAsync,
                    r => r.NextPageToken, r => r.Notes.Select(CustomerFormat.Note), "no notes");
                break;
            case CustomerSection.History:
                _section.SetLines(["loading…"]);
                Load(o => Connection.Segments.GetHistoryAsync(new GetHistoryRequest { CustomerId = id, Limit = 200 }, o).ResponseAsync,
                    r => Lines(r.Changes.Select(CustomerFormat.History).ToList(), "no membership changes"));
                break;
            case CustomerSection.Categories:
                _section.SetLines(["loading…"]);
                Load(o => Connection.Segments.ListCategoriesAsync(new ListCategoriesRequest(), o).ResponseAsync, r =>
                {
                    _categories = CustomerFormat.Categories(r.Categories, _classification?.CategoryCode ?? "");
                    Lines(_categories.Select(c => c.Line).ToList(), "no manual classes defined (UpsertCategory)");
                });
                break;
        }
    }

    public override bool HandleKey(Key key)
    {
        if (_results.Visible)
        {
            if (key == Key.Enter && _results.HasFocus && _results.Selected >= 0 && _results.Selected < _found.Count)
            {
                Shell.Navigate(new Destination(ScreenKind.Customer, _found[_results.Selected].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return true;
            }

            if (MainWindow.IsChar(key, 'f'))
            {
                _search.SetFocus();
                return true;
            }

            return false;
        }

        if (MainWindow.IsChar(key, 'f'))
        {
            ShowSearch();
            _search.SetFocus();
            _search.SelectAll();
            return true;
        }

        if (key.TryGetPrintableRune(out var rune) && !key.IsCtrl && !key.IsAlt && rune.Value is >= '1' and <= '6')
        {
            ShowSection((CustomerSection)(rune.Value - '0'));
            _section.SetFocus();
            return true;
        }

        if (MainWindow.IsChar(key, 'r'))
        {
            OpenCustomer(CustomerId);
            return true;
        }

        if (MainWindow.IsChar(key, 'n'))
        {
            if (_sectionPages.MoveNext())
            {
                ShowSection(_current, keepPage: true);
            }
            else
            {
                Shell.Status("no more pages");
            }

            return true;
        }

        if (MainWindow.IsChar(key, 'p'))
        {
            ShowSection(_current);
            return true;
        }

        if (_current == CustomerSection.Memberships && !_explaining && SelectedAssignment() is { } assignment)
        {
            if (key == Key.Enter)
            {
                Explain(assignment.Dimension);
                return true;
            }

            if (MainWindow.IsChar(key, 'o'))
            {
                AskOverride(assignment);
                return true;
            }

            if (MainWindow.IsChar(key, 'x'))
            {
                ClearOverride(assignment);
                return true;
            }
        }

        if (_current == CustomerSection.Categories && _section.HasFocus)
        {
            if (key == Key.Enter && _section.Selected >= 0 && _section.Selected < _categories.Count)
            {
                AssignCategory(_categories[_section.Selected].Code);
                return true;
            }

            if (MainWindow.IsChar(key, 'u'))
            {
                AssignCategory("");
                return true;
            }
        }

        return false;
    }

    public override bool Back()
    {
        if (_search.HasFocus && _customer is not null)
        {
            ShowDetail();
            _profile.SetFocus();
            return true;
        }

        if (_explaining)
        {
            ShowSection(CustomerSection.Memberships);
            _section.SetFocus();
            return true;
        }

        return false;
    }

    private Assignment? SelectedAssignment()
    {
        var index = _section.Selected;
        return _classification is not null && _section.HasFocus && index >= 0 && index < _classification.Assignments.Count ? _classification.Assignments[index] : null;
    }

    private void Explain(string dimension)
    {
        var id = CustomerId;
        _explaining = true;
        Wide(true);
        _sectionFrame.Title = $"Explain {dimension}";
        _section.SetLines(["explaining…"]);
        Load(o => Connection.Segments.ExplainAsync(new ExplainRequest { CustomerId = id, Dimension = dimension }, o).ResponseAsync, r =>
        {
            if (_explaining)
            {
                _section.SetLines(CustomerFormat.Explain(r, Math.Max(20, _section.Viewport.Width)));
                _section.SelectedItem = 0;
            }
        });
    }

    private void AskOverride(Assignment assignment)
    {
        var segments = _dimensions.FirstOrDefault(d => d.Name == assignment.Dimension)?.Segments.Select(s => s.Key).ToList() ?? [];
        var choices = segments.Count > 0 ? " (" + string.Join("|", segments) + ")" : "";
        Shell.Prompt($"override {assignment.Dimension} to{choices}: ", "", segment =>
        {
            segment = segment.Trim();
            if (segment.Length == 0)
            {
                return;
            }

            Shell.Prompt($"reason for {assignment.Dimension}={segment}: ", "", reason =>
            {
                var id = CustomerId;
                Load(o => Connection.Segments.SetOverrideAsync(new SetOverrideRequest { CustomerId = id, Dimension = assignment.Dimension, Segment = segment, Reason = reason.Trim() }, o).ResponseAsync, r =>
                {
                    Shell.Status($"override set: #{r.CustomerId} {r.Dimension} = {r.Segment} ({r.Reason})");
                    ReloadClassification();
                });
            });
        });
    }

    private void ClearOverride(Assignment assignment)
    {
        if (!assignment.Overridden)
        {
            Shell.Status($"{assignment.Dimension} has no override");
            return;
        }

        Shell.Prompt($"clear the override of {assignment.Dimension}? (y/n) ", "", answer =>
        {
            if (!answer.Trim().StartsWith('y'))
            {
                return;
            }

            var id = CustomerId;
            Load(o => Connection.Segments.ClearOverrideAsync(new ClearOverrideRequest { CustomerId = id, Dimension = assignment.Dimension }, o).ResponseAsync, _ =>
            {
                Shell.Status($"override of {assignment.Dimension} cleared");
                ReloadClassification();
            });
        });
    }

    private void AssignCategory(string code)
    {
        var id = CustomerId;
        Load(o => Connection.Segments.AssignCategoryAsync(new AssignCategoryRequest { CustomerId = id, Code = code }, o).ResponseAsync, _ =>
        {
            Shell.Status(code.Length == 0 ? "manual class removed" : $"class {code} assigned");
            ReloadClassification(then: () => ShowSection(CustomerSection.Categories));
        });
    }

    private void ReloadClassification(Action? then = null)
    {
        var id = CustomerId;
        Load(o => Connection.Segments.ClassifyAsync(new ClassifyRequest { CustomerId = id }, o).ResponseAsync, r =>
        {
            _classification = r;
            if (then is not null)
            {
                then();
            }
            else if (_current == CustomerSection.Memberships && !_explaining)
            {
                ShowSection(CustomerSection.Memberships);
            }
        });
    }
}
