using System.Collections;
using System.Dynamic;
using System.Linq.Dynamic.Core;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>The allow-list over a parsed expression tree. Dynamic.Core (like RulesEngine) lets an expression reach
/// whatever the registered types expose, e.g. <c>input1.GetType().Assembly</c> once the input's base type, object, is
/// registered. Here every value an expression produces must be of an allowed type and every member, method and
/// constructor it uses must belong to one: data-like BCL types (numbers, text, dates, Guid, Uri, enums, collections),
/// Math, Convert, Enumerable, ExpressionUtils, Dynamic.Core's generated classes, the input types and the types reachable
/// from their members, and the host's custom types. Type, reflection, Activator, AppDomain, Environment, IO, processes,
/// threads, delegates and the network are none of those.</summary>
internal sealed class ExpressionSandbox
{
    private static readonly HashSet<Type> DataTypes =
    [
        typeof(object), typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(Guid), typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(IEnumerable), typeof(IComparable),
        typeof(IFormattable), typeof(System.Numerics.BigInteger),
    ];

    // BigInteger is data (Newtonsoft reads JSON integers beyond long as BigInteger), but these make a value of any size
    // from a small expression: 2 << 2000000000 would allocate 250 MB.
    private static readonly HashSet<string> BigIntegerGrowers = ["Pow", "op_LeftShift", "op_UnsignedRightShift", "op_RightShift"];

    private static readonly HashSet<Type> StaticTypes = [typeof(Math), typeof(Convert), typeof(Enumerable), typeof(ExpressionUtils), typeof(Enum)];

    private static readonly HashSet<Type> GenericDefinitions =
    [
        typeof(IEnumerable<>), typeof(ICollection<>), typeof(IList<>), typeof(IReadOnlyCollection<>), typeof(IReadOnlyList<>),
        typeof(List<>), typeof(HashSet<>), typeof(ISet<>), typeof(IReadOnlySet<>), typeof(Dictionary<,>), typeof(IDictionary<,>),
        typeof(IReadOnlyDictionary<,>), typeof(KeyValuePair<,>), typeof(IGrouping<,>), typeof(IOrderedEnumerable<>),
        typeof(ILookup<,>), typeof(Nullable<>), typeof(IComparable<>), typeof(IEquatable<>),
        typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>),
    ];

    // Types a `new` expression may construct (besides Dynamic.Core's generated classes and host types).
    private static readonly HashSet<Type> Constructible =
        [typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(Guid), typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(decimal), typeof(string)];

    // Collections are data too, but read-only here: an expression must not change its inputs (List.Remove, Clear...).
    private static readonly HashSet<string> CollectionReads =
    [
        "Contains", "ContainsKey", "ContainsValue", "IndexOf", "LastIndexOf", "TryGetValue", "get_Item", "get_Count",
        "get_Keys", "get_Values", "get_Key", "get_Value", "ToString", "Equals", "GetHashCode",
    ];

    private readonly HashSet<Type> _hostTypes = [];

    /// <param name="hostTypes">The input and custom types: these and every non-BCL type reachable from their public
    /// properties and fields are allowed.</param>
    public ExpressionSandbox(IEnumerable<Type> hostTypes)
    {
        foreach (var type in hostTypes)
        {
            AddHost(type);
        }
    }

    /// <summary>Null when the tree only uses allowed types and members, else what it used that is not allowed.</summary>
    public string? Check(Expression body)
    {
        var walker = new Walker(this);
        walker.Visit(body);
        return walker.Violation;
    }

    private void AddHost(Type type)
    {
        if (type.IsArray || type.IsGenericType)
        {
            foreach (var inner in type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments())
            {
                AddHost(inner);
            }
        }

        if (IsBcl(type) || type.IsGenericParameter || !_hostTypes.Add(type))
        {
            return;
        }

        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (var p in type.GetProperties(flags))
        {
            AddHost(p.PropertyType);
        }

        foreach (var f in type.GetFields(flags))
        {
            AddHost(f.FieldType);
        }
    }

    private static bool IsBcl(Type type) =>
        type.Namespace is { } ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal)
            || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal));

    public bool IsAllowed(Type type)
    {
        if (type.IsByRef || type.IsPointer)
        {
            return false;
        }

        if (type.IsArray)
        {
            return type.GetArrayRank() == 1 && IsAllowed(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            var definition = type.GetGenericTypeDefinition();
            return (GenericDefinitions.Contains(definition) || _hostTypes.Contains(definition) || IsGeneratedClass(type) || !IsBcl(definition) && _hostTypes.Contains(type))
                && type.GetGenericArguments().All(IsAllowed);
        }

        return (type.IsPrimitive && type != typeof(IntPtr) && type != typeof(UIntPtr))
            || type.IsEnum || DataTypes.Contains(type) || StaticTypes.Contains(type) || _hostTypes.Contains(type) || IsGeneratedClass(type);
    }

    // Dynamic.Core's classes for JSON inputs and `new (...)`, and C#-style anonymous types.
    private static bool IsGeneratedClass(Type type) =>
        typeof(DynamicClass).IsAssignableFrom(type)
        || (type.IsDefined(typeof(CompilerGeneratedAttribute), false) && type.Name.Contains("AnonymousType", StringComparison.Ordinal));

    private bool IsAllowedMethod(MethodInfo method)
    {
        var declaring = method.DeclaringType!;
        if (method.IsSpecialName && (method.Name.StartsWith("set_", StringComparison.Ordinal) || method.Name.StartsWith("add_", StringComparison.Ordinal)
            || method.Name.StartsWith("remove_", StringComparison.Ordinal)))
        {
            return false;
        }

        if (!method.IsStatic && declaring != typeof(string) && (declaring == typeof(Array) || (typeof(IEnumerable).IsAssignableFrom(declaring) && IsBcl(declaring))))
        {
            return CollectionReads.Contains(method.Name) && (declaring == typeof(Array) || IsAllowed(declaring));
        }

        if (declaring == typeof(System.Numerics.BigInteger) && BigIntegerGrowers.Contains(method.Name))
        {
            return false;
        }

        if (declaring == typeof(object))
        {
            return method.Name is nameof(ToString) or nameof(Equals) or nameof(GetHashCode) or nameof(ReferenceEquals);
        }

        if (declaring == typeof(Enum))
        {
            // Enum's statics take a Type; its instance methods (HasFlag, ToString, CompareTo) are data.
            return !method.IsStatic && method.Name != nameof(GetType);
        }

        if (declaring == typeof(DynamicClass))
        {
            return method.Name is "get_Item" or nameof(DynamicClass.GetDynamicPropertyValue) or nameof(ToString) or nameof(Equals) or nameof(GetHashCode);
        }

        return IsAllowed(declaring) && method.GetParameters().All(p => IsAllowedParameter(p.ParameterType));
    }

    // LINQ takes delegates (the parser builds them from lambdas, which the walker checks); nothing else may. A format
    // provider or culture parameter can only be given a null literal (no expression can produce one), so it reaches nothing.
    private bool IsAllowedParameter(Type type) =>
        IsAllowed(type) || type == typeof(IFormatProvider) || type == typeof(System.Globalization.CultureInfo) || (type.IsGenericType && type.GetGenericTypeDefinition().Namespace == "System"
            && type.GetGenericTypeDefinition().Name.StartsWith("Func`", StringComparison.Ordinal)
            && type.GetGenericArguments().All(IsAllowed))
        || (type.IsGenericParameter) || (type.IsByRef && IsAllowed(type.GetElementType()!));

    // Children first, so the violation reported is the innermost one (GetType(), not the Assembly it leads to).
    private sealed class Walker(ExpressionSandbox sandbox) : DynamicExpressionVisitor
    {
        public string? Violation { get; private set; }

        public override Expression? Visit(Expression? node)
        {
            if (node is null || Violation is not null)
            {
                return node;
            }

            RuntimeHelpers.EnsureSufficientExecutionStack();
            base.Visit(node);
            // A null literal reaches nothing, whatever its static type (DateTime.ParseExact(s, f, null) passes an IFormatProvider).
            if (node is not (LambdaExpression or ParameterExpression or UnaryExpression { NodeType: ExpressionType.Quote } or ConstantExpression { Value: null })
                && !sandbox.IsAllowed(node.Type) && node.Type != typeof(void))
            {
                Refuse($"a value of type '{Name(node.Type)}'");
            }

            return node;
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            base.VisitMember(node);
            var declaring = node.Member.DeclaringType!;
            var arrayLength = declaring == typeof(Array) && node.Member.Name is nameof(Array.Length) or nameof(Array.LongLength);
            if (!sandbox.IsAllowed(declaring) && declaring != typeof(DynamicClass) && !arrayLength)
            {
                Refuse($"'{Name(declaring)}.{node.Member.Name}'");
            }

            return node;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            base.VisitMethodCall(node);
            if (!sandbox.IsAllowedMethod(node.Method))
            {
                Refuse($"'{Name(node.Method.DeclaringType!)}.{node.Method.Name}()'");
            }

            return node;
        }

        protected override Expression VisitNew(NewExpression node)
        {
            base.VisitNew(node);
            if (node.Constructor is { DeclaringType: { } type }
                && !(Constructible.Contains(type) || IsGeneratedClass(type) || sandbox._hostTypes.Contains(type))
                || node.Constructor?.GetParameters().Any(p => !sandbox.IsAllowedParameter(p.ParameterType)) == true)
            {
                Refuse($"'new {Name(node.Type)}(...)'");
            }

            return node;
        }

        protected override Expression VisitNewArray(NewArrayExpression node)
        {
            base.VisitNewArray(node);
            if (node.NodeType == ExpressionType.NewArrayBounds)
            {
                Refuse("an array of computed size");
            }

            return node;
        }

        protected override Expression VisitIndex(IndexExpression node)
        {
            base.VisitIndex(node);
            if (node.Indexer is { DeclaringType: { } type } && !sandbox.IsAllowed(type) && type != typeof(DynamicClass))
            {
                Refuse($"the indexer of '{Name(type)}'");
            }

            return node;
        }

        protected override Expression VisitUnary(UnaryExpression node)
        {
            base.VisitUnary(node);
            if (node.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs or ExpressionType.Unbox
                && !sandbox.IsAllowed(node.Type))
            {
                Refuse($"a conversion to '{Name(node.Type)}'");
            }

            return node;
        }

        protected override Expression VisitInvocation(InvocationExpression node)
        {
            Refuse("invoking a delegate");
            return node;
        }

        protected override Expression VisitDynamic(DynamicExpression node)
        {
            if (node.Binder is not GetMemberBinder)
            {
                Refuse("a late-bound operation");
            }

            return base.VisitDynamic(node);
        }

        protected override Expression VisitExtension(Expression node)
        {
            Refuse($"a '{node.GetType().Name}' node");
            return node;
        }

        // The first violation is the answer; the tree is never changed.
        private void Refuse(string what) =>
            Violation ??= $"{what} is not allowed in rule expressions (the expression sandbox allows data types, their members, Math, Convert, LINQ and registered types only)";

        private static string Name(Type type) => type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
            : type.FullName ?? type.Name;
    }
}
