using System.Collections;
using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.CustomTypeProviders;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>The types expressions may name, assembled the way RulesEngine's CustomTypeProvider does: the custom types,
/// the input types with their element types (AutoRegisterInputType), ExpressionUtils and Enumerable, then every base
/// type and interface of those, plus IEnumerable. Unlike Dynamic.Core's default it does not scan the AppDomain for
/// [DynamicLinqType] classes: a plugin marking a type so must not make it reachable (the sandbox would refuse it anyway).</summary>
internal sealed class RuleTypeProvider : DefaultDynamicLinqCustomTypeProvider
{
    private readonly HashSet<Type> _types;

    public RuleTypeProvider(IEnumerable<Type> customTypes, IEnumerable<Type> inputTypes)
        : base(ParsingConfig.Default, [], cacheCustomTypes: true)
    {
        _types = [.. customTypes, typeof(ExpressionUtils), typeof(Enumerable)];
        foreach (var input in inputTypes)
        {
            AddWithElementTypes(input, _types);
        }

        var queue = new Queue<Type>(_types);
        while (queue.TryDequeue(out var type))
        {
            if (type.BaseType is { } baseType && _types.Add(baseType))
            {
                queue.Enqueue(baseType);
            }

            foreach (var face in type.GetInterfaces())
            {
                if (_types.Add(face))
                {
                    queue.Enqueue(face);
                }
            }
        }

        _types.Add(typeof(IEnumerable));
    }

    public override HashSet<Type> GetCustomTypes() => _types;

    private static void AddWithElementTypes(Type type, HashSet<Type> into)
    {
        if (!into.Add(type))
        {
            return;
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                AddWithElementTypes(argument, into);
            }
        }

        if (type.IsArray)
        {
            AddWithElementTypes(type.GetElementType()!, into);
        }
    }
}
