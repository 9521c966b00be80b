using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace LedgerGrpc.AdminTui.Views;

/// <summary>
/// NO_COLOR (no-color.org): every role in the terminal's own colours; focus and selection shown with reverse video and
/// bold instead. (Terminal.Gui only drops to 16 colours for NO_COLOR, so the window sets this scheme itself.)
/// </summary>
internal static class NoColor
{
    public static bool Requested(string? value) => !string.IsNullOrEmpty(value);

    public static Scheme Scheme()
    {
        var plain = new Attribute(Color.None, Color.None);
        var reverse = new Attribute(Color.None, Color.None, TextStyle.Reverse);
        var bold = new Attribute(Color.None, Color.None, TextStyle.Bold);
        return new Scheme
        {
            Normal = plain,
            HotNormal = bold,
            Focus = reverse,
            HotFocus = new Attribute(Color.None, Color.None, TextStyle.Reverse | TextStyle.Bold),
            Active = reverse,
            HotActive = reverse,
            Highlight = bold,
            Editable = plain,
            ReadOnly = plain,
            Disabled = new Attribute(Color.None, Color.None, TextStyle.Faint),
            Code = plain,
            CodeComment = plain,
            CodeKeyword = plain,
            CodeString = plain,
            CodeNumber = plain,
            CodeOperator = plain,
            CodeType = plain,
            CodePreprocessor = plain,
            CodeIdentifier = plain,
            CodeConstant = plain,
            CodePunctuation = plain,
            CodeFunctionName = plain,
            CodeAttribute = plain,
        };
    }
}
