namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>
/// Paging through a server list with opaque page tokens: remembers the token of every page seen so the operator can go
/// back without the server supporting backwards paging.
/// </summary>
public sealed class PageCursor
{
    private readonly List<string> _tokens = [""];

    public int Page { get; private set; }

    /// <summary>The token that fetches the current page.</summary>
    public string Token => _tokens[Page];

    public string NextToken { get; private set; } = "";

    public bool HasNext => NextToken.Length > 0;

    public bool HasPrevious => Page > 0;

    /// <summary>Records what the server said about the page just fetched.</summary>
    public void Loaded(string nextPageToken)
    {
        NextToken = nextPageToken;
        if (_tokens.Count == Page + 1 && nextPageToken.Length > 0)
        {
            _tokens.Add(nextPageToken);
        }
    }

    public bool MoveNext()
    {
        if (!HasNext)
        {
            return false;
        }

        Page++;
        if (_tokens.Count <= Page)
        {
            _tokens.Add(NextToken);
        }

        _tokens[Page] = NextToken;
        _tokens.RemoveRange(Page + 1, _tokens.Count - Page - 1);
        return true;
    }

    public bool MovePrevious()
    {
        if (!HasPrevious)
        {
            return false;
        }

        Page--;
        NextToken = _tokens[Page + 1];
        return true;
    }

    public void Reset()
    {
        _tokens.Clear();
        _tokens.Add("");
        Page = 0;
        NextToken = "";
    }
}
