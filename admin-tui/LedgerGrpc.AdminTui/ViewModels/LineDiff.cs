namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// A line diff of two texts (longest common subsequence), shown unified style: "  " kept, "- " removed, "+ " added,
/// with unchanged runs longer than the context folded into one "…" line.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<string> Unified(string before, string after, int context = 2)
    {
        var a = Split(before);
        var b = Split(after);
        // Trim the common head and tail first: versions usually differ in a few lines, so the table stays small.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var ops = new List<(char Op, string Line)>();
        ops.AddRange(a.Take(head).Select(l => (' ', l)));
        ops.AddRange(Middle(a[head..(a.Length - tail)], b[head..(b.Length - tail)]));
        ops.AddRange(a.Skip(a.Length - tail).Select(l => (' ', l)));
        return Fold(ops, context);
    }

    private static List<(char, string)> Middle(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                ops.Add((' ', a[x++]));
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                ops.Add(('-', a[x++]));
            }
            else
            {
                ops.Add(('+', b[y++]));
            }
        }

        ops.AddRange(a.Skip(x).Select(l => ('-', l)));
        ops.AddRange(b.Skip(y).Select(l => ('+', l)));
        return ops;
    }

    private static List<string> Fold(List<(char Op, string Line)> ops, int context)
    {
        var keep = new bool[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Op != ' ')
            {
                for (var k = Math.Max(0, i - context); k <= Math.Min(ops.Count - 1, i + context); k++)
                {
                    keep[k] = true;
                }
            }
        }

        var lines = new List<string>();
        var folded = 0;
        for (var i = 0; i < ops.Count; i++)
        {
            if (keep[i])
            {
                if (folded > 0)
                {
                    lines.Add($"  … {folded} unchanged lines");
                    folded = 0;
                }

                lines.Add($"{ops[i].Op} {ops[i].Line}");
            }
            else
            {
                folded++;
            }
        }

        if (folded > 0)
        {
            lines.Add($"  … {folded} unchanged lines");
        }

        return lines;
    }

    private static string[] Split(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
