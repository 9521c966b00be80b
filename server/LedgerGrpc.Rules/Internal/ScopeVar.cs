using System.Linq.Expressions;

namespace LedgerGrpc.Rules.Internal;

/// <summary>A name expressions can use (input or scoped param), its static type and its slot in the evaluation environment.</summary>
internal sealed record ScopeVar(ParameterExpression Parameter, int Slot)
{
    public string Name => Parameter.Name!;
}
