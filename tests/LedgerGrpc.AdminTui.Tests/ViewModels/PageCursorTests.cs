using LedgerGrpc.AdminTui.ViewModels;

namespace LedgerGrpc.AdminTui.Tests.ViewModels;

public sealed class PageCursorTests
{
    [Fact]
    public void Goes_forward_with_the_servers_tokens_and_back_with_the_ones_it_remembered()
    {
        var cursor = new PageCursor();
        Assert.Equal("", cursor.Token);
        cursor.Loaded("t2");
        Assert.True(cursor.MoveNext());
        Assert.Equal("t2", cursor.Token);
        cursor.Loaded("t3");
        Assert.True(cursor.MoveNext());
        cursor.Loaded("");
        Assert.False(cursor.HasNext);
        Assert.False(cursor.MoveNext());

        Assert.True(cursor.MovePrevious());
        Assert.Equal("t2", cursor.Token);
        Assert.Equal(1, cursor.Page);
        Assert.True(cursor.MovePrevious());
        Assert.Equal("", cursor.Token);
        Assert.False(cursor.MovePrevious());
    }
}
