using System.Runtime.ExceptionServices;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>Runs work that recurses as deep as the expression is nested (Dynamic.Core's recursive-descent parser, the
/// visitors over the parsed tree) on a thread with a large stack. The text limits (<see cref="ExpressionLimits"/>)
/// bound that depth; this makes sure the bound fits, whatever thread asked (a thread-pool thread has a small stack, and
/// a stack overflow cannot be caught: it would end the process).</summary>
internal static class LargeStack
{
    // Reserved, not committed: only what the recursion touches becomes memory, returned when the thread ends.
    private const int StackBytes = 256 * 1024 * 1024;

    [ThreadStatic]
    private static bool _onLargeStack;

    public static T Run<T>(Func<T> work)
    {
        if (_onLargeStack)
        {
            return work();
        }

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                _onLargeStack = true;
                try
                {
                    result = work();
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            },
            StackBytes)
        {
            IsBackground = true,
            Name = "LedgerGrpc.Rules parser",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
