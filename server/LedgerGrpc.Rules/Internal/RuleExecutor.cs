using LedgerGrpc.Rules.Expressions;

namespace LedgerGrpc.Rules.Internal;

/// <summary>Evaluates compiled rule nodes into result trees with RulesEngine's semantics and message shapes.</summary>
internal sealed class RuleExecutor(WorkflowSettings settings, WorkflowEngine? engine)
{
    public RuleResultTree Evaluate(RuleNode node, Execution run, ScopeVar[] rootVisible)
    {
        var result = new RuleResultTree { Rule = node.Rule };
        var ignorable = false;
        var error = run.GlobalError is { } global ? global.Replace("{rule}", node.Rule.RuleName, StringComparison.Ordinal) : null;
        var localsFailed = false;
        if (error is null && EvaluateLocals(node, run) is { } localError)
        {
            error = localError;
            localsFailed = true;
        }

        // A name visible twice: RulesEngine cannot build the rule's input dictionary, after its local params ran and its
        // nested rules were evaluated; that error replaces a parse error and the rule has no inputs.
        var duplicate = error is null ? node.DuplicateName : null;
        result.Inputs = run.GlobalError is not null ? new ScopeView(rootVisible[..run.InputCount], run.Env)
            : localsFailed && node.OuterVisible is { } outer ? new ScopeView(outer, run.Env)
            : duplicate is not null ? new ScopeView([], run.Env)
            : node.Locals.Length == 0 && node.Visible.Length == rootVisible.Length
            ? run.RootView ??= new ScopeView(rootVisible, run.Env)
            : new ScopeView(node.Visible, run.Env);
        if (error is null && duplicate is null && node.SetupError is not null)
        {
            error = node.SetupError;
            ignorable = node.SetupErrorIgnorable;
        }

        if (error is null && node.Children is { } children)
        {
            var childResults = new List<RuleResultTree>(children.Length);
            var success = !node.IsOr;
            foreach (var child in children)
            {
                var childResult = Evaluate(child, run, rootVisible);
                childResults.Add(childResult);
                success = node.IsOr ? success || childResult.IsSuccess : success && childResult.IsSuccess;
                if (settings.NestedRuleExecutionMode == NestedRuleExecutionMode.Performance && childResult.IsSuccess == node.IsOr)
                {
                    break;
                }
            }

            result.ChildResults = childResults;
            result.IsSuccess = children.Length > 0 && success;
        }
        else if (error is null && duplicate is null)
        {
            try
            {
                if (run.Explain && node.Explainer is { } explainer)
                {
                    var recorder = new ExplainRecorder();
                    result.Explanation = recorder.Steps;
                    result.IsSuccess = explainer(run.Env, recorder);
                }
                else
                {
                    result.IsSuccess = node.Predicate!(run.Env);
                }
            }
            catch (Exception ex)
            {
                error = $"Error while executing rule : {node.Rule.RuleName} - {ex.Message}";
                ignorable = true;
            }
        }

        if (duplicate is not null)
        {
            error = $"Error while executing rule : {node.Rule.RuleName} - An item with the same key has already been added. Key: {duplicate}";
            ignorable = true;
        }

        if (node.EmptyChildList)
        {
            result.ChildResults = [];
        }

        if (error is not null)
        {
            result.IsSuccess = false;
            result.ExceptionMessage = Report(error, ignorable);
        }

        var (onSuccess, onFailure) = run.GlobalError is not null && node.InputsOnlyActions is { } inputsOnly ? inputsOnly
            : localsFailed && node.OuterActions is { } outerActions ? outerActions
            : node.Actions;
        RunAction(result.IsSuccess ? onSuccess : onFailure, result, run);
        return result;
    }

    /// <summary>Input names are fixed per compiled workflow, so a global param clashing with one is known up front.</summary>
    public static string? GlobalClash(ParamNode[] globals, IReadOnlyList<RuleInputType> inputs) =>
        globals.FirstOrDefault(g => inputs.Any(p => p.Name == g.Name)) is { } clash
            ? $"Error while executing scoped params for rule `{{rule}}` - GlobalParam name '{clash.Name}' collides with an input RuleParameter of the same name. Rename either the global or the input to disambiguate."
            : null;

    /// <summary>A top-level leaf already evaluated by <see cref="FusedLeaves"/>; when it threw, it runs again alone for the message.</summary>
    public RuleResultTree EvaluateLeaf(RuleNode node, Execution run, ScopeVar[] rootVisible, bool success, bool threw)
    {
        var result = new RuleResultTree { Rule = node.Rule, IsSuccess = success, Inputs = run.RootView ??= new ScopeView(rootVisible, run.Env) };
        if (threw)
        {
            try
            {
                result.IsSuccess = node.Predicate!(run.Env);
            }
            catch (Exception ex)
            {
                result.IsSuccess = false;
                result.ExceptionMessage = Report($"Error while executing rule : {node.Rule.RuleName} - {ex.Message}", ignorable: true);
            }
        }

        if (node.OnSuccess is not null || node.OnFailure is not null)
        {
            RunAction(result.IsSuccess ? node.OnSuccess : node.OnFailure, result, run);
        }

        return result;
    }

    public string? EvaluateGlobals(ParamNode[] globals, Execution run)
    {
        foreach (var g in globals)
        {
            if (g.CompileError is not null)
            {
                return $"Error while compiling rule `{{rule}}`: {g.CompileError}, in ScopedParam: {g.Name}";
            }

            try
            {
                run.Env[g.Slot] = g.Evaluate!(run.Env);
            }
            catch (Exception ex)
            {
                return $"Error while executing scoped params for rule `{{rule}}` - {ex.Message}";
            }
        }

        return null;
    }

    public void FormatErrorMessage(RuleResultTree result)
    {
        if (!result.IsSuccess && !string.IsNullOrEmpty(result.Rule.ErrorMessage) && result.ExceptionMessage is null
            && settings.EnableFormattedErrorMessage)
        {
            result.ExceptionMessage = ErrorMessageFormatter.Format(result.Rule.ErrorMessage, result.Inputs);
        }
    }

    private string? EvaluateLocals(RuleNode node, Execution run)
    {
        // A rule whose expression does not parse still runs its local params (their values reach its OnFailure action,
        // and one that throws is the error reported), as RulesEngine's scoped-param wrapper does; a rule whose params do
        // not compile runs nothing.
        if (node.ParamsFailed)
        {
            return null;
        }

        foreach (var local in node.Locals)
        {
            try
            {
                run.Env[local.Slot] = local.Evaluate!(run.Env);
            }
            catch (Exception ex)
            {
                return $"Error while executing scoped params for rule `{node.Rule.RuleName}` - {ex.GetType().FullName}: {ex.Message}";
            }
        }

        return null;
    }

    // IgnoreException only silences what RulesEngine reports from a rule's own delegate (its expression does not parse
    // or throws, its names collide); compile errors of params and failing params keep their message whatever the setting.
    private string? Report(string error, bool ignorable)
    {
        if (!settings.EnableExceptionAsErrorMessage)
        {
            throw new RuleException(error);
        }

        return settings.IgnoreException && ignorable ? null : error;
    }

    private void RunAction(ActionNode? action, RuleResultTree result, Execution run)
    {
        if (action is null || !settings.AutoExecuteActions)
        {
            return;
        }

        if (action.Unknown)
        {
            // RulesEngine looks the action up outside the action's own error handling: the whole call fails.
            throw new RuleException($"Action with name: {action.Info.Name} does not exist");
        }

        try
        {
            result.ActionResult = new ActionResult(RunActionCore(action, result, run), null);
        }
        catch (Exception ex)
        {
            // RulesEngine's shape: "Exception while executing <Name>Action: <message>", the cause as inner exception.
            var failed = new RuleException($"Exception while executing {action.Info.Name}Action: {ex.Message}", ex);
            if (!settings.EnableExceptionAsErrorMessage && !settings.IgnoreException)
            {
                // RulesEngine rethrows an action's exception from ExecuteAllRulesAsync under these settings.
                throw failed;
            }

            result.ActionResult = new ActionResult(null, failed);
        }
    }

    private object? RunActionCore(ActionNode action, RuleResultTree result, Execution run)
    {
        if (action.Error is not null)
        {
            throw new RuleException(action.Error);
        }

        if (action.Output is not null)
        {
            return action.Output.Run(run.Env);
        }

        // Actions get the rule's inputs with its global and local params, each typed by its value, as RulesEngine
        // builds them from RuleResultTree.Inputs.
        var parameters = result.Inputs.Select(p => new RuleParameter(p.Key, p.Value?.GetType() ?? typeof(object), p.Value)).ToList();
        if (action.Custom is not null)
        {
            return action.Custom().Run(new ActionContext(action.Info, result), parameters);
        }

        // EvaluateRule: run another workflow's rule on (filtered) inputs plus computed ones; its action output is ours.
        if (engine is null || action.WorkflowName is null || action.RuleName is null)
        {
            throw new RuleException("EvaluateRule needs workflowName and ruleName, and a WorkflowEngine that holds that workflow.");
        }

        var inputs = parameters.Where(p => action.InputFilter is null || action.InputFilter.Contains(p.Name)).ToList();
        foreach (var (name, evaluate, type) in action.AdditionalInputs ?? [])
        {
            var value = evaluate(run.Env);
            inputs.Add(new RuleParameter(name, value?.GetType() ?? type, value));
        }

        // The inner rule's action output is ours; an exception of that action is not (RulesEngine drops it, unless
        // EnableExceptionAsErrorMessage is off, when it has already been thrown).
        return engine.ExecuteRule(action.WorkflowName, action.RuleName, [.. inputs]).ActionResult?.Output;
    }
}
