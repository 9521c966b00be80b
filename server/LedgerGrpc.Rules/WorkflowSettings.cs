namespace LedgerGrpc.Rules;

/// <summary>RulesEngine's ReSettings, with the same defaults.</summary>
public sealed record WorkflowSettings
{
    public NestedRuleExecutionMode NestedRuleExecutionMode { get; init; } = NestedRuleExecutionMode.All;

    /// <summary>Failed top-level rules get their ErrorMessage, with <c>$(input1.x)</c> placeholders filled in, as ExceptionMessage.</summary>
    public bool EnableFormattedErrorMessage { get; init; } = true;

    /// <summary>When false, a rule that fails to compile or throws makes the whole call throw <see cref="RuleException"/>.</summary>
    public bool EnableExceptionAsErrorMessage { get; init; } = true;

    /// <summary>A rule that throws simply fails, with no ExceptionMessage.</summary>
    public bool IgnoreException { get; init; }

    public bool EnableScopedParams { get; init; } = true;

    public bool IsExpressionCaseSensitive { get; init; }

    /// <summary>Input types (and their element types) are known to the parser, so their methods may be called; when false,
    /// as in RulesEngine, only predefined and custom types' methods may be (Dynamic.Core's "Methods on type 'X' are not
    /// accessible").</summary>
    public bool AutoRegisterInputType { get; init; } = true;

    /// <summary>When false, as in RulesEngine, an expression that does not parse is replaced by a constant (false for a
    /// rule, null for params and outputs) instead of failing its rule with the parse error.</summary>
    public bool EnableExceptionAsErrorMessageForRuleExpressionParsing { get; init; } = true;

    /// <summary>When false, as in RulesEngine, OnSuccess/OnFailure actions are not run by <see cref="WorkflowEngine.ExecuteAllRules(string, RuleParameter[])"/>
    /// (results carry no ActionResult).</summary>
    public bool AutoExecuteActions { get; init; } = true;

    /// <summary>Host types whose public static methods expressions may call; nothing else outside the language is reachable.</summary>
    public IReadOnlyList<Type> CustomTypes { get; init; } = [];

    /// <summary>Host actions by name, usable in a rule's Actions next to OutputExpression and EvaluateRule.</summary>
    public IReadOnlyDictionary<string, Func<RuleAction>> CustomActions { get; init; } = new Dictionary<string, Func<RuleAction>>();

    /// <summary>Answers DateTime.Now/UtcNow/Today in expressions (the system clock when null).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Told, on the evaluating thread, of every exception that leaves a call to a <see cref="CustomTypes"/>
    /// static method (the rule then fails with it as usual): a host running plugin code as custom types counts them.
    /// An exception the method catches itself is not reported.</summary>
    public Action<System.Reflection.MethodInfo, Exception>? CustomCallFailed { get; init; }
}
