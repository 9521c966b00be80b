using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>
/// The layout the plugins, audit and jobs screens share: a framed table (optionally under a header line) over a pane
/// with the selected row in full. Moving the selection redraws the details; resizing the table redraws both.
/// </summary>
internal sealed class TableWithDetails
{
    public TableWithDetails(View screen, string title, string detailsTitle, int tablePercent, Action show, Action showDetails, bool header = false)
    {
        TableFrame = new FrameView { HotKeySpecifier = Plain.NoHotKey, Title = title, Width = Dim.Fill(), Height = Dim.Percent(tablePercent), CanFocus = true };
        Table = new LinesView { X = 0, Y = header ? 1 : 0, Width = Dim.Fill(), Height = Dim.Fill() };
        if (header)
        {
            TableFrame.Add(Header);
        }

        TableFrame.Add(Table);
        Details = Screen.Pane(detailsTitle, out var detailsFrame);
        detailsFrame.Y = Pos.Bottom(TableFrame);
        detailsFrame.Width = Dim.Fill();
        detailsFrame.Height = Dim.Fill();
        screen.Add(TableFrame, detailsFrame);
        Table.ViewportChanged += (_, _) => show();
        Table.ValueChanged += (_, _) => showDetails();
    }

    public FrameView TableFrame { get; }

    /// <summary>The column header line above the table (shown only when asked for).</summary>
    public Label Header { get; } = new() { HotKeySpecifier = Plain.NoHotKey, X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };

    public LinesView Table { get; }

    public LinesView Details { get; }

    public int TableWidth => Math.Max(20, Table.Viewport.Width);

    public int DetailsWidth => Math.Max(20, Details.Viewport.Width);
}
