using System.Collections.ObjectModel;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>
/// A scrolling list of pre-formatted lines (view models do the formatting). Replacing the lines keeps the selected row,
/// so a live refresh does not throw the operator's place away.
/// </summary>
internal sealed class LinesView : ListView
{
    private IReadOnlyList<string> _lines = [];

    public LinesView()
    {
        // Letters are the screens' keys, not type-to-find.
        KeystrokeNavigator = null;
    }

    public IReadOnlyList<string> Lines => _lines;

    public void SetLines(IReadOnlyList<string> lines)
    {
        if (lines.SequenceEqual(_lines))
        {
            return;
        }

        var selected = SelectedItem;
        _lines = lines.ToArray();
        SetSource(new ObservableCollection<string>(_lines));
        if (_lines.Count > 0)
        {
            SelectedItem = Math.Clamp(selected ?? 0, 0, _lines.Count - 1);
        }
    }

    public int Selected => SelectedItem ?? -1;

    public void Select(int index)
    {
        if (index >= 0 && index < _lines.Count)
        {
            SelectedItem = index;
            EnsureSelectedItemVisible();
        }
    }
}
